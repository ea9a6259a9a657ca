using PruneLab.Data;
using static TorchSharp.torch;

namespace PruneLab.Tests.Data;

public sealed class CifarAugmentationTests
{
    static Tensor Batch(int n = 3) => randint(1, 256, [n, 3, 32, 32], ScalarType.Byte, generator: new Generator(42, CPU));

    static Tensor Offsets(params long[] values) => tensor(values, ScalarType.Int64);

    static Tensor Flips(params bool[] values) => tensor(values);

    [Fact]
    public void Should_Return_The_Input_For_Offset_Four_And_No_Flip()
    {
        using var scope = NewDisposeScope();
        var input = Batch();

        var output = CifarAugmentation.Apply(input, Offsets(4, 4, 4), Offsets(4, 4, 4), Flips(false, false, false), 4);

        Assert.True(output.SameAs(input));
    }

    [Fact]
    public void Should_Mirror_Only_The_Flagged_Images()
    {
        using var scope = NewDisposeScope();
        var input = Batch();

        var output = CifarAugmentation.Apply(input, Offsets(4, 4, 4), Offsets(4, 4, 4), Flips(true, false, true), 4);

        var mirrored = input.flip(3);
        Assert.True(output[0].SameAs(mirrored[0]));
        Assert.True(output[1].SameAs(input[1]));
        Assert.True(output[2].SameAs(mirrored[2]));
    }

    [Fact]
    public void Should_Pad_With_Zero_Pixels_Before_Normalisation()
    {
        using var scope = NewDisposeScope();
        var input = Batch(2); // every input pixel is >= 1, so a zero can only come from padding

        // image 0 shifted to show the top-left padding, image 1 the bottom-right padding
        var output = CifarAugmentation.Apply(input, Offsets(0, 8), Offsets(0, 8), Flips(false, false), 4);

        Assert.Equal(0, output[0, TensorIndex.Colon, TensorIndex.Slice(0, 4)].count_nonzero().item<long>());
        Assert.Equal(0, output[0, TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, 4)].count_nonzero().item<long>());
        Assert.True(output[0, TensorIndex.Colon, TensorIndex.Slice(4, 32), TensorIndex.Slice(4, 32)]
            .SameAs(input[0, TensorIndex.Colon, TensorIndex.Slice(0, 28), TensorIndex.Slice(0, 28)]));
        Assert.Equal(0, output[1, TensorIndex.Colon, TensorIndex.Slice(28, 32)].count_nonzero().item<long>());
        Assert.True(output[1, TensorIndex.Colon, TensorIndex.Slice(0, 28), TensorIndex.Slice(0, 28)]
            .SameAs(input[1, TensorIndex.Colon, TensorIndex.Slice(4, 32), TensorIndex.Slice(4, 32)]));
    }

    [Fact]
    public void Should_Keep_The_Shape_And_Repeat_For_The_Same_Seed()
    {
        using var scope = NewDisposeScope();
        var input = Batch(64);
        using var a = new CifarAugmentation(seed: 9);
        using var b = new CifarAugmentation(seed: 9);
        using var c = new CifarAugmentation(seed: 10);

        var outA = a.Apply(input);

        Assert.Equal(input.shape, outA.shape);
        Assert.Equal(ScalarType.Byte, outA.dtype);
        Assert.True(outA.SameAs(b.Apply(input)));
        Assert.False(outA.SameAs(c.Apply(input)));
    }

    [Fact]
    public void Should_Vary_Crops_And_Flips_Across_A_Batch()
    {
        using var scope = NewDisposeScope();
        var input = Batch(1).expand(256, 3, 32, 32).contiguous(); // one image repeated: outputs differ only by draws
        using var augmentation = new CifarAugmentation(seed: 1);

        var output = augmentation.Apply(input);

        var unchanged = output.eq(input).all(3).all(2).all(1).sum().item<long>();
        var distinct = unique(output.reshape(256, -1), dim: 0).Item1.shape[0];
        Assert.InRange(unchanged, 0, 20);   // identity is 1 of 162 (offset, flip) outcomes
        Assert.InRange(distinct, 100, 162);
    }
}
