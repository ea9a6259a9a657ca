using PruneLab.Runtime;

namespace PruneLab.Tests.Runtime;

/// <summary>
/// The wrapper's load order, with the loader's real failure messages standing in for dlopen: which machine and layout
/// gets which private copy, and which gets none.
/// </summary>
public class WrapperLoaderTests
{
    const string Wrapper = "/nuget/torchsharp/0.107.0/runtimes/linux-x64/native/libLibTorchSharp.so";
    const string NuGetLibTorch = "/nuget/libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native";
    const string Beside = "/nuget/torchsharp/0.107.0/runtimes/linux-x64/native";
    const string NoLibTorch = "libtorch.so: cannot open shared object file: No such file or directory";
    const string OldLibStdCxx = "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found";

    sealed class FakeMachine(params (string PathPart, string? Failure)[] outcomes)
    {
        public List<string> Loaded { get; } = [];
        public List<(string? LibTorch, string? Weaken)> Copies { get; } = [];

        public IntPtr Load(string path)
        {
            Loaded.Add(path);
            var failure = outcomes.First(o => path.Contains(o.PathPart, StringComparison.Ordinal)).Failure;
            return failure is null ? 42 : throw new DllNotFoundException($"Unable to load shared library '{path}': {failure}");
        }

        public string Copy(string original, string? libTorch, string? weaken)
        {
            Copies.Add((libTorch, weaken));
            return $"/cache/{(weaken is null ? "linked" : "weak")}/libLibTorchSharp.so";
        }
    }

    [Fact]
    public void Should_Load_The_Original_And_Make_No_Copy_Where_It_Loads()
    {
        var machine = new FakeMachine(("/nuget/", null));
        var (handle, status) = WrapperLoader.Load(Wrapper, Beside, machine.Load, machine.Copy);
        Assert.Equal((IntPtr)42, handle);
        Assert.Equal("original", status);
        Assert.Empty(machine.Copies);
    }

    [Fact]
    public void Should_Link_Libtorch_Beside_A_Copy_In_The_NuGet_Layout_On_A_Recent_Linux()
    {
        var machine = new FakeMachine(("/nuget/", NoLibTorch), ("/linked/", null));
        var (_, status) = WrapperLoader.Load(Wrapper, NuGetLibTorch, machine.Load, machine.Copy);
        Assert.Equal([(NuGetLibTorch, (string?)null)], machine.Copies);
        Assert.StartsWith("private copy at /cache/linked/", status);
    }

    [Fact]
    public void Should_Also_Weaken_The_Version_When_The_Linked_Copy_Then_Meets_An_Old_Libstdcxx()
    {
        // Debian 12 under #r "nuget:": the loader first misses libtorch, and only once that is found the version.
        var machine = new FakeMachine(("/nuget/", NoLibTorch), ("/linked/", OldLibStdCxx), ("/weak/", null));
        var (_, status) = WrapperLoader.Load(Wrapper, NuGetLibTorch, machine.Load, machine.Copy);
        Assert.Equal([(NuGetLibTorch, null), (NuGetLibTorch, WrapperLoader.MissingVersion)], machine.Copies);
        Assert.Contains("marked weak; libtorch linked beside it", status);
    }

    [Fact]
    public void Should_Weaken_Without_An_Extra_Attempt_When_The_Build_Output_Has_Libtorch_Beside_The_Wrapper()
    {
        var machine = new FakeMachine(("/nuget/", OldLibStdCxx), ("/weak/", null));
        var (_, status) = WrapperLoader.Load(Wrapper, Beside, machine.Load, machine.Copy);
        Assert.Equal([(Beside, WrapperLoader.MissingVersion)], machine.Copies);
        Assert.StartsWith("patched copy at /cache/weak/", status);
        Assert.DoesNotContain("linked", status);
    }

    [Fact]
    public void Should_Name_The_Wrapper_And_The_Reason_When_No_Copy_Can_Help()
    {
        var machine = new FakeMachine(("/nuget/", "libgomp.so.1: cannot open shared object file"));
        var e = Assert.Throws<DllNotFoundException>(() => WrapperLoader.Load(Wrapper, Beside, machine.Load, machine.Copy));
        Assert.Contains(Wrapper, e.Message);
        Assert.Contains("libgomp.so.1", e.Message);
        Assert.Empty(machine.Copies);
    }
}
