using PruneLab.Data;

namespace PruneLab.Tests.Data;

/// <summary>Catalog behaviour on a small crafted Fashion-MNIST folder passed as DataOptions.Root.</summary>
public sealed class DatasetCatalogTests : IDisposable
{
    readonly TempFolder _temp = new("catalog");
    readonly string _folder;

    public DatasetCatalogTests()
    {
        _folder = _temp.Sub("fashion-mnist");
        IdxWriter.WriteFashionFolder(_folder, train: 1000, test: 200, gzip: true);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Should_Load_Full_Splits_From_An_Explicit_Root()
    {
        using var splits = DatasetCatalog.Load("fashion-mnist", new DataOptions { Root = _temp.Path });

        Assert.Equal(1000, splits.Train.Count);
        Assert.Equal(200, splits.Test.Count);
        Assert.Null(splits.Validation);
        Assert.Equal("fashion-mnist", splits.Info.Name);
        Assert.Equal(_folder, splits.Folder);
    }

    [Fact]
    public void Should_Subset_Then_Hold_Out_Validation_From_The_Subset()
    {
        var options = new DataOptions { Root = _folder, Subset = 500, ValidationCount = 100, Seed = 3 };

        using var splits = DatasetCatalog.Load("fashion-mnist", options);
        using var again = DatasetCatalog.Load("fashion-mnist", options);

        Assert.Equal(400, splits.Train.Count);
        Assert.Equal(100, splits.Validation!.Count);
        Assert.Equal(200, splits.Test.Count);
        Assert.All(splits.Validation.ClassCounts(), c => Assert.Equal(10, c));
        Assert.All(splits.Train.ClassCounts(), c => Assert.Equal(40, c));
        var train = IndexedPixels(splits.Train);
        var validation = IndexedPixels(splits.Validation);
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(train, IndexedPixels(again.Train));
        Assert.Equal(validation, IndexedPixels(again.Validation!));
    }

    [Fact]
    public void Should_Reject_Unknown_Names_Listing_The_Valid_Ones()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetCatalog.Load("imagenet", new DataOptions()));

        Assert.Contains("imagenet", e.Message);
        Assert.Contains("fashion-mnist, cifar10", e.Message);
        Assert.Equal(new[] { "fashion-mnist", "cifar10" }, DatasetCatalog.Names);
    }

    [Fact]
    public void Should_Reject_A_Subset_Larger_Than_The_Training_Set()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            DatasetCatalog.Load("fashion-mnist", new DataOptions { Root = _folder, Subset = 1001 }));
    }

    /// <summary>The crafted writer encodes each image's index in its first two pixels, as IndexedSet does.</summary>
    static long[] IndexedPixels(ImageSet set) => IndexedSet.Indices(set.Images);
}
