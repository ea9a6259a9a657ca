using PruneLab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Tests.Runtime;

public class NativeTorchTests
{
    [Fact]
    public void Should_Run_A_Conv_Forward_And_Backward_In_The_Test_Process()
    {
        NativeTorch.EnsureLoaded();
        using var conv = nn.Conv2d(3, 4, 3, padding: 1);
        using var x = ones(2, 3, 5, 5);
        using var y = conv.forward(x);
        Assert.Equal(new long[] { 2, 4, 5, 5 }, y.shape);
        y.sum().backward();
        Assert.NotNull(conv.weight!.grad);
        Assert.True(conv.weight.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Should_Report_How_The_Wrapper_Was_Loaded()
    {
        NativeTorch.EnsureLoaded();
        Assert.Matches("^(original|not needed|(private|patched) copy at .+|not found; left to TorchSharp)$", NativeTorch.Status);
    }

    [Fact]
    public void Should_List_The_Missing_Version_In_The_Shipped_Wrapper_And_Weaken_It_In_A_Copy()
    {
        var path = Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).First();
        var bytes = File.ReadAllBytes(path);
        Assert.Contains("GLIBCXX_3.4.32", ElfVersionNeeds.List(bytes));
        Assert.Equal(1, ElfVersionNeeds.MarkWeak(bytes, "GLIBCXX_3.4.32"));
        Assert.Equal(0, ElfVersionNeeds.MarkWeak(bytes, "GLIBCXX_9.9.9"));
    }

    [Fact]
    public void Should_Reject_A_File_That_Is_Not_Elf()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.List(new byte[100]));
    }
}
