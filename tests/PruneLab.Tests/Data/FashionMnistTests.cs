using PruneLab.Data;
using static TorchSharp.torch;

namespace PruneLab.Tests.Data;

/// <summary>Loads the real Fashion-MNIST once (found through the normal lookup) for the tests below.</summary>
public sealed class FashionMnistFixture : IDisposable
{
    public FashionMnistFixture() => Splits = DatasetCatalog.Load("fashion-mnist", new DataOptions());

    public DataSplits Splits { get; }

    public void Dispose() => Splits.Dispose();
}

/// <summary>Real data: on this machine it comes from the Debian package dataset-fashion-mnist.</summary>
public sealed class FashionMnistTests : IClassFixture<FashionMnistFixture>
{
    readonly DataSplits _data;

    public FashionMnistTests(FashionMnistFixture fixture) => _data = fixture.Splits;

    [Fact]
    public void Should_Load_60000_Train_And_10000_Test_Images_Of_28x28()
    {
        Assert.Equal(new long[] { 60000, 1, 28, 28 }, _data.Train.Images.shape);
        Assert.Equal(new long[] { 10000, 1, 28, 28 }, _data.Test.Images.shape);
        Assert.Equal(60000, _data.Train.Labels.shape[0]);
        Assert.Null(_data.Validation);
    }

    [Fact]
    public void Should_Have_6000_Train_And_1000_Test_Images_Per_Class()
    {
        Assert.All(_data.Train.ClassCounts(), c => Assert.Equal(6000, c));
        Assert.All(_data.Test.ClassCounts(), c => Assert.Equal(1000, c));
    }

    [Fact]
    public void Should_Match_The_Published_Mean_And_Std_Of_The_Training_Pixels()
    {
        using var scope = NewDisposeScope();
        var pixels = _data.Train.Images.to_type(ScalarType.Float32).div(255);

        Assert.Equal(0.2860, pixels.mean().item<float>(), 3);
        Assert.Equal(0.3530, pixels.std().item<float>(), 3);
    }

    [Fact]
    public void Should_Normalise_An_Epoch_To_Zero_Mean_And_Unit_Std()
    {
        var loader = new BatchLoader(_data.Train, 1000, shuffle: true, augment: false, seed: 0);
        double sum = 0, squares = 0, count = 0;

        foreach (var (images, _) in loader.Epoch(0, CPU))
        {
            sum += images.sum().item<float>();
            squares += images.square().sum().item<float>();
            count += images.numel();
        }

        var mean = sum / count;
        Assert.Equal(0, mean, 2);
        Assert.Equal(1, Math.Sqrt(squares / count - mean * mean), 2);
    }

    [Fact]
    public void Should_Be_Found_In_A_Folder_With_All_Four_Files()
    {
        Assert.NotNull(_data.Folder);
        Assert.Empty(FashionMnistFiles.Missing(_data.Folder));
    }
}
