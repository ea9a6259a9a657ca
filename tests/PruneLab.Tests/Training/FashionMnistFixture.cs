using PruneLab.Data;

namespace PruneLab.Tests.Training;

/// <summary>Real Fashion-MNIST, loaded once per test class: 10k stratified training images and a 1k test sample.</summary>
public sealed class FashionMnistFixture : IDisposable
{
    public FashionMnistFixture()
    {
        Splits = DatasetCatalog.Load("fashion-mnist", new DataOptions { Subset = 10_000, Seed = 1 });
        SmallTrain = Splits.Train.StratifiedSample(1_000, 2);
        SmallTest = Splits.Test.StratifiedSample(1_000, 3);
    }

    public DataSplits Splits { get; }
    public ImageSet SmallTrain { get; }
    public ImageSet SmallTest { get; }

    public void Dispose()
    {
        SmallTrain.Dispose();
        SmallTest.Dispose();
        Splits.Dispose();
    }
}
