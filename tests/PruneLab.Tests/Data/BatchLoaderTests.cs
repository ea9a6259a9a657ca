using PruneLab.Data;
using static TorchSharp.torch;

namespace PruneLab.Tests.Data;

public sealed class BatchLoaderTests
{
    /// <summary>Undoes the normalisation of a Fashion-MNIST-shaped batch and reads back the encoded indices.</summary>
    static long[] Indices(Tensor batch, DatasetInfo info)
    {
        using var scope = NewDisposeScope();
        var mean = tensor(info.Mean).view(1, -1, 1, 1);
        var std = tensor(info.Std).view(1, -1, 1, 1);
        var raw = (batch * std + mean).mul(255).round().to_type(ScalarType.Byte);
        return IndexedSet.Indices(raw);
    }

    static List<long[]> EpochIndices(BatchLoader loader, int epoch) =>
        loader.Epoch(epoch, CPU).Select(b => Indices(b.Images, loader.Set.Info)).ToList();

    [Fact]
    public void Should_Yield_Float_Images_And_Int64_Labels_Keeping_The_Last_Partial_Batch()
    {
        using var set = IndexedSet.Create(250);
        var loader = new BatchLoader(set, 64, shuffle: true, augment: false, seed: 0);

        var shapes = loader.Epoch(0, CPU).Select(b =>
        {
            Assert.Equal(ScalarType.Float32, b.Images.dtype);
            Assert.Equal(ScalarType.Int64, b.Labels.dtype);
            Assert.Equal(b.Images.shape[0], b.Labels.shape[0]);
            Assert.Equal(new long[] { 1, 28, 28 }, b.Images.shape[1..]);
            return b.Images.shape[0];
        }).ToList();

        Assert.Equal(4, loader.BatchCount);
        Assert.Equal(new long[] { 64, 64, 64, 58 }, shapes);
    }

    [Fact]
    public void Should_Visit_Every_Image_Once_Per_Epoch_With_Matching_Labels()
    {
        using var set = IndexedSet.Create(250);
        var loader = new BatchLoader(set, 32, shuffle: true, augment: false, seed: 3);

        var seen = new List<long>();
        foreach (var (images, labels) in loader.Epoch(2, CPU))
        {
            var indices = Indices(images, set.Info);
            Assert.Equal(indices.Select(i => set.LabelArray[i]), labels.data<long>().ToArray());
            seen.AddRange(indices);
        }

        Assert.Equal(Enumerable.Range(0, 250).Select(i => (long)i), seen.Order());
        Assert.Equal(loader.Order(2), seen);
    }

    [Fact]
    public void Should_Normalise_Pixels_Per_Channel_Exactly()
    {
        using var scope = NewDisposeScope();
        using var set = IndexedSet.Create(10, info: DatasetInfo.Cifar10);
        var loader = new BatchLoader(set, 10, shuffle: false, augment: false, seed: 0) { DisposeBatches = false };

        var batch = loader.Epoch(0, CPU).Single().Images;

        var info = DatasetInfo.Cifar10;
        for (var c = 0; c < 3; c++)
        {
            var raw = set.Images[3, c, 5, 7].item<byte>();
            var expected = (raw / 255f - info.Mean[c]) / info.Std[c];
            Assert.Equal(expected, batch[3, c, 5, 7].item<float>(), 1e-5f);
        }
    }

    [Fact]
    public void Should_Repeat_Batches_For_The_Same_Seed_And_Epoch_And_Reshuffle_Across_Epochs()
    {
        using var set = IndexedSet.Create(300);
        var loader = new BatchLoader(set, 100, shuffle: true, augment: false, seed: 17);
        var again = new BatchLoader(set, 100, shuffle: true, augment: false, seed: 17);

        var epoch3 = EpochIndices(loader, 3);
        var epoch4 = EpochIndices(loader, 4);

        Assert.Equal(epoch3, EpochIndices(again, 3)); // a fresh loader, as after a resume, sees the same order
        Assert.NotEqual(epoch3[0], epoch4[0]);
        Assert.NotEqual(epoch3.SelectMany(x => x), EpochIndices(new BatchLoader(set, 100, true, false, seed: 18), 3).SelectMany(x => x));
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), EpochIndices(new BatchLoader(set, 100, false, false, 17), 3).SelectMany(x => x));
    }

    [Fact]
    public void Should_Augment_Deterministically_Per_Seed_And_Epoch_Without_Changing_The_Order()
    {
        using var scope = NewDisposeScope(); // owns the kept batches
        using var set = IndexedSet.Create(64, info: DatasetInfo.Cifar10);
        var plain = new BatchLoader(set, 64, shuffle: true, augment: false, seed: 2) { DisposeBatches = false };
        var augmented = new BatchLoader(set, 64, shuffle: true, augment: true, seed: 2) { DisposeBatches = false };

        var first = augmented.Epoch(1, CPU).Single().Images;

        Assert.True(first.SameAs(augmented.Epoch(1, CPU).Single().Images));
        Assert.False(first.SameAs(augmented.Epoch(2, CPU).Single().Images));
        Assert.False(first.SameAs(plain.Epoch(1, CPU).Single().Images));
        Assert.Equal(plain.Order(1), augmented.Order(1));
    }

    [Fact]
    public void Should_Dispose_Each_Batch_When_Moving_On_Unless_Asked_Not_To()
    {
        using var set = IndexedSet.Create(40);

        var disposing = new BatchLoader(set, 16, true, false, 0).Epoch(0, CPU).ToList();
        var kept = new BatchLoader(set, 16, true, false, 0) { DisposeBatches = false }.Epoch(0, CPU).ToList();

        Assert.All(disposing, b => Assert.True(b.Images.IsInvalid));
        Assert.All(kept, b => Assert.False(b.Images.IsInvalid));
        Assert.Equal(40, kept.Sum(b => b.Labels.shape[0]));
        kept.ForEach(b => { b.Images.Dispose(); b.Labels.Dispose(); });
    }

    [Fact]
    public void Should_Hand_Kept_Batches_To_The_Callers_Dispose_Scope()
    {
        using var set = IndexedSet.Create(40);
        var loader = new BatchLoader(set, 16, true, false, 0) { DisposeBatches = false };

        List<(Tensor Images, Tensor Labels)> batches;
        using (NewDisposeScope()) batches = loader.Epoch(0, CPU).ToList();

        Assert.All(batches, b => Assert.True(b.Images.IsInvalid && b.Labels.IsInvalid));
    }

    [Fact]
    public void Should_Tolerate_Callers_That_Dispose_Batches_Themselves()
    {
        using var set = IndexedSet.Create(40);
        var loader = new BatchLoader(set, 16, true, false, 0);
        long seen = 0;

        foreach (var (x, y) in loader.Epoch(0, CPU))
        {
            using var scope = NewDisposeScope();
            using var images = x;
            using var labels = y;
            seen += images.sum().item<float>() != 0 ? labels.shape[0] : 0;
        }

        Assert.Equal(40, seen);
    }
}
