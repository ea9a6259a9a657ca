using PruneLab.Data;
using static TorchSharp.torch;

namespace PruneLab.Tests.Data;

public sealed class ImageSetTests
{
    [Fact]
    public void Should_Keep_Class_Proportions_Within_One_In_A_Stratified_Sample()
    {
        using var set = IndexedSet.Create(1000);

        using var sample = set.StratifiedSample(105, seed: 7);

        Assert.Equal(105, sample.Count);
        Assert.All(sample.ClassCounts(), c => Assert.InRange(c, 10, 11));
        // the images really are the ones whose labels were copied
        var indices = IndexedSet.Indices(sample.Images);
        Assert.Equal(indices.Select(i => set.LabelArray[i]), sample.LabelArray);
        Assert.Equal(sample.LabelArray, sample.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Should_Follow_Unbalanced_Class_Shares()
    {
        // class 0 holds 60%, classes 1..9 share the rest
        using var set = IndexedSet.Create(1000, i => i < 600 ? 0 : 1 + i % 9);

        using var sample = set.StratifiedSample(100, seed: 1);

        var counts = sample.ClassCounts();
        Assert.Equal(60, counts[0]);
        Assert.Equal(100, counts.Sum());
        Assert.All(counts.Skip(1), c => Assert.InRange(c, 4, 5));
    }

    [Fact]
    public void Should_Sample_Deterministically_From_The_Seed()
    {
        using var set = IndexedSet.Create(500);

        using var a = set.StratifiedSample(50, seed: 11);
        using var b = set.StratifiedSample(50, seed: 11);
        using var c = set.StratifiedSample(50, seed: 12);

        Assert.Equal(IndexedSet.Indices(a.Images), IndexedSet.Indices(b.Images));
        Assert.NotEqual(IndexedSet.Indices(a.Images), IndexedSet.Indices(c.Images));
    }

    [Fact]
    public void Should_Reject_Sample_Sizes_Outside_NumClasses_To_Count()
    {
        using var set = IndexedSet.Create(100);

        Assert.Throws<ArgumentOutOfRangeException>(() => set.StratifiedSample(101, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.StratifiedSample(9, 0));
    }

    [Fact]
    public void Should_Split_Validation_Disjoint_Stratified_And_Deterministic()
    {
        using var set = IndexedSet.Create(1000);

        var (train, validation) = set.SplitValidation(200, seed: 5);
        var (train2, validation2) = set.SplitValidation(200, seed: 5);
        using (train) using (validation) using (train2) using (validation2)
        {
            Assert.Equal(800, train.Count);
            Assert.Equal(200, validation.Count);
            var trainIdx = IndexedSet.Indices(train.Images);
            var validIdx = IndexedSet.Indices(validation.Images);
            Assert.Empty(trainIdx.Intersect(validIdx));
            Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), trainIdx.Concat(validIdx).Order());
            Assert.All(validation.ClassCounts(), c => Assert.Equal(20, c));
            Assert.Equal(validIdx, IndexedSet.Indices(validation2.Images));
            Assert.Equal(trainIdx, IndexedSet.Indices(train2.Images));
        }
    }

    [Fact]
    public void Should_Subset_In_The_Given_Order_And_Reject_Bad_Indices()
    {
        using var set = IndexedSet.Create(300);

        using var subset = set.Subset([299, 0, 42]);

        Assert.Equal(new long[] { 299, 0, 42 }, IndexedSet.Indices(subset.Images));
        Assert.Equal(new long[] { 9, 0, 2 }, subset.LabelArray);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Subset([0, 300]));
    }

    [Fact]
    public void Should_Reject_Images_That_Do_Not_Match_The_Info()
    {
        using var floats = zeros(2, 1, 28, 28);
        using var wrongShape = zeros(new long[] { 2, 3, 28, 28 }, ScalarType.Byte);

        Assert.Throws<ArgumentException>(() => new ImageSet(floats, [0, 1], DatasetInfo.FashionMnist));
        Assert.Throws<ArgumentException>(() => new ImageSet(wrongShape, [0, 1], DatasetInfo.FashionMnist));
    }

    [Fact]
    public void Should_Survive_The_Dispose_Scope_It_Was_Built_In_And_Free_Tensors_On_Dispose()
    {
        ImageSet set;
        using (NewDisposeScope()) set = IndexedSet.Create(20);

        Assert.Equal(20, set.Images.shape[0]);
        Assert.Equal(90L, set.Labels.sum().item<long>()); // labels 0..9 twice
        set.Dispose();
        Assert.True(set.Images.IsInvalid);
    }
}
