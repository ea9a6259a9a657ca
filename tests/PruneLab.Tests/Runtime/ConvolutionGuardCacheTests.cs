using System.Text.Json;
using PruneLab.Runtime;

namespace PruneLab.Tests.Runtime;

/// <summary>The guard's verdicts on disk: their key, their file, and what happens when the file is bad or shared.</summary>
public class ConvolutionGuardCacheTests
{
    static readonly ConvGeometry First = new(1, 20, 20, 8, 8, 3, 3, 1, 1, 1);
    static readonly ConvGeometry Second = new(64, 100, 100, 8, 8, 3, 3, 1, 1, 1);

    const string EpycCpuInfo = """
        processor	: 0
        vendor_id	: AuthenticAMD
        cpu family	: 26
        model		: 2
        model name	: AMD EPYC
        stepping	: 1
        flags		: fpu sse avx2 avx512f avx512bw

        processor	: 1
        vendor_id	: GenuineIntel
        """;

    [Fact]
    public void Should_Read_Verdicts_Back_From_The_File_Another_Cache_Wrote()
    {
        using var folder = new TempRunFolder();
        var path = Path.Combine(folder.Path, "verdicts.json");
        var writer = new ConvVerdictCache(path, "key A");
        writer.Record(First, new ConvVerdict(true, null));
        writer.Record(Second, new ConvVerdict(false, null));
        writer.Record(Second, new ConvVerdict(null, true));
        writer.Flush();

        var reader = new ConvVerdictCache(path, "key A");
        Assert.Equal(new ConvVerdict(true, null), reader.Get(First));
        Assert.Equal(new ConvVerdict(false, true), reader.Get(Second));
        Assert.Equal((2, 1, 1, 0, 0), reader.Counts());
        Assert.Equal("key A", JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("key").GetString());
    }

    [Fact]
    public void Should_Keep_The_Cpu_Model_Stepping_And_Avx512_In_The_Key()
    {
        var epyc = CpuIdentity.Parse(EpycCpuInfo)!;
        Assert.Equal(new CpuIdentity("AuthenticAMD", "26", "2", "1", "AMD EPYC", Avx512: true), epyc);
        var withoutAvx512 = CpuIdentity.Parse(EpycCpuInfo.Replace(" avx512f avx512bw", ""))!;
        var otherStepping = CpuIdentity.Parse(EpycCpuInfo.Replace("stepping	: 1", "stepping	: 2"))!;
        Assert.Equal(3, new[] { epyc.ToString(), withoutAvx512.ToString(), otherStepping.ToString() }.Distinct().Count());
        Assert.Null(CpuIdentity.Parse("no cpu here"));

        Assert.Contains("libtorch 2.10", ConvolutionGuard.CacheKey);
        if (CpuIdentity.Current is { } cpu)
        {
            Assert.StartsWith(cpu.ToString(), ConvolutionGuard.CacheKey);
            Assert.StartsWith(Path.Combine(CacheFolder.Root, "conv-verdicts"), ConvolutionGuard.CachePath);
        }
    }

    [Fact]
    public void Should_Put_The_Cache_Under_PRUNELAB_CACHE()
    {
        using var folder = new TempRunFolder();
        var before = Environment.GetEnvironmentVariable(CacheFolder.Variable);
        Environment.SetEnvironmentVariable(CacheFolder.Variable, folder.Path);
        try
        {
            var cache = ConvVerdictCache.ForThisMachine();
            if (CpuIdentity.Current is not null) Assert.StartsWith(folder.Path, cache.Path);
        }
        finally { Environment.SetEnvironmentVariable(CacheFolder.Variable, before); }
    }

    [Theory]
    [InlineData("{ \"key\": \"key A\", \"verdicts\": { \"n1")] // cut off mid-write by something other than the kit
    [InlineData("[1, 2, 3]")]
    [InlineData("{ \"key\": \"key B\", \"verdicts\": {} }")] // another key's file under this name
    public void Should_Ignore_An_Unreadable_File_With_A_Warning_And_Rewrite_It(string content)
    {
        using var folder = new TempRunFolder();
        var path = Path.Combine(folder.Path, "verdicts.json");
        File.WriteAllText(path, content);
        var errors = new StringWriter();
        var stderr = Console.Error;
        Console.SetError(errors);
        ConvVerdictCache cache;
        try
        {
            cache = new ConvVerdictCache(path, "key A");
            Assert.Equal(default, cache.Get(First));
        }
        finally { Console.SetError(stderr); }
        var warning = Assert.Single(errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(path, warning);

        cache.Record(First, new ConvVerdict(false, null));
        cache.Flush();
        Assert.Equal(new ConvVerdict(false, null), new ConvVerdictCache(path, "key A").Get(First));
    }

    // Two processes sharing the file: the second writer keeps what the first wrote, and a failure seen by either stays.
    [Fact]
    public void Should_Merge_What_Another_Process_Wrote_Before_Writing()
    {
        using var folder = new TempRunFolder();
        var path = Path.Combine(folder.Path, "verdicts.json");
        var one = new ConvVerdictCache(path, "key A");
        var two = new ConvVerdictCache(path, "key A");
        Assert.Equal(default, two.Get(First)); // loaded (empty) before the first one writes

        one.Record(First, new ConvVerdict(true, null));
        one.Record(Second, new ConvVerdict(false, null));
        one.Flush();
        two.Record(Second, new ConvVerdict(true, true));
        two.Flush();

        var merged = new ConvVerdictCache(path, "key A");
        Assert.Equal(new ConvVerdict(true, null), merged.Get(First));
        Assert.Equal(new ConvVerdict(false, true), merged.Get(Second));
    }
}
