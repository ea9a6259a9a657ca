using PruneLab.Data;

namespace PruneLab.Tests.Data;

public sealed class DatasetInfoTests
{
    [Fact]
    public void Should_Describe_Fashion_Mnist()
    {
        var info = DatasetInfo.ForName("fashion-mnist");

        Assert.Equal((1, 28, 28, 10), (info.Channels, info.Height, info.Width, info.NumClasses));
        Assert.Equal("T-shirt/top", info.ClassNames[0]);
        Assert.Equal("Ankle boot", info.ClassNames[9]);
        Assert.Equal(new[] { 0.2860f }, info.Mean);
        Assert.Equal(new[] { 0.3530f }, info.Std);
        Assert.False(info.Augment);
    }

    [Fact]
    public void Should_Describe_Cifar10()
    {
        var info = DatasetInfo.ForName("cifar10");

        Assert.Equal((3, 32, 32, 10, 3072), (info.Channels, info.Height, info.Width, info.NumClasses, info.ImageBytes));
        Assert.Equal("airplane", info.ClassNames[0]);
        Assert.Equal("truck", info.ClassNames[9]);
        Assert.Equal(new[] { 0.4914f, 0.4822f, 0.4465f }, info.Mean);
        Assert.Equal(new[] { 0.2470f, 0.2435f, 0.2616f }, info.Std);
        Assert.True(info.Augment);
    }

    [Fact]
    public void Should_Hand_Out_Independent_Instances()
    {
        var a = DatasetInfo.Cifar10;
        a.Mean[0] = 99f;

        Assert.Equal(0.4914f, DatasetInfo.Cifar10.Mean[0]);
    }
}
