using PruneLab.Runtime;

namespace PruneLab.Tests.Runtime;

public class HeapTuningTests
{
    [Fact]
    public void Should_Raise_Glibcs_Thresholds_When_The_Kit_Loads_On_Linux()
    {
        NativeTorch.EnsureLoaded();
        bool expected = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("PRUNELAB_HEAP_TUNING") != "0";
        Assert.Equal(expected, HeapTuning.Applied);
        Assert.Equal(expected, RunEnvironment.Describe(TorchSharp.torch.CPU).HeapTuned);
    }
}
