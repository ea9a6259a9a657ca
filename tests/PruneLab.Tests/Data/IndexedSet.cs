using PruneLab.Data;
using static TorchSharp.torch;

namespace PruneLab.Tests.Data;

/// <summary>
/// Synthetic sets whose images carry their own index in the first two pixels (low byte, high byte), so a test can
/// tell exactly which images a subset or a batch contains.
/// </summary>
static class IndexedSet
{
    public static ImageSet Create(int count, Func<int, int>? label = null, DatasetInfo? info = null, int seed = 1)
    {
        info ??= DatasetInfo.FashionMnist;
        label ??= i => i % 10;
        var random = new Random(seed);
        var pixels = new byte[(long)count * info.ImageBytes];
        random.NextBytes(pixels);
        for (var i = 0; i < count; i++)
        {
            pixels[(long)i * info.ImageBytes] = (byte)(i % 256);
            pixels[(long)i * info.ImageBytes + 1] = (byte)(i / 256);
        }
        var labels = Enumerable.Range(0, count).Select(i => (byte)label(i)).ToArray();
        return ImageSet.FromBytes(pixels, labels, info);
    }

    /// <summary>Indices encoded in raw uint8 images [N,C,H,W].</summary>
    public static long[] Indices(Tensor images)
    {
        using var scope = NewDisposeScope();
        var low = images[TensorIndex.Colon, 0, 0, 0].to_type(ScalarType.Int64);
        var high = images[TensorIndex.Colon, 0, 0, 1].to_type(ScalarType.Int64);
        return (low + high * 256).data<long>().ToArray();
    }
}
