using static TorchSharp.torch;

namespace PruneLab.Data;

/// <summary>
/// One split of a dataset held in memory as raw uint8 pixels [N,C,H,W] (4x smaller than float, and what the
/// augmentation pads in) plus int64 labels, with a host copy of the labels for sampling without device round trips.
/// Owns its tensors: dispose it, or the DataSplits that holds it.
/// </summary>
public sealed class ImageSet : IDisposable
{
    /// <summary>Takes ownership of <paramref name="images"/> (uint8 [N,C,H,W] matching <paramref name="info"/>).</summary>
    public ImageSet(Tensor images, long[] labels, DatasetInfo info)
    {
        if (images.dtype != ScalarType.Byte)
            throw new ArgumentException($"images must be uint8, found {images.dtype}", nameof(images));
        long[] expected = [labels.Length, info.Channels, info.Height, info.Width];
        if (!images.shape.SequenceEqual(expected))
            throw new ArgumentException(
                $"images shape [{string.Join(",", images.shape)}] does not match [{string.Join(",", expected)}] for {info.Name}", nameof(images));
        if (labels.Any(l => l < 0 || l >= info.NumClasses))
            throw new ArgumentException($"labels must lie in 0..{info.NumClasses - 1}", nameof(labels));
        // The set lives across training steps; never let a caller's dispose scope free it underneath us.
        Images = images.DetachFromDisposeScope();
        LabelArray = labels;
        Labels = tensor(labels, ScalarType.Int64).DetachFromDisposeScope();
        Info = info;
    }

    /// <summary>Builds a set from raw bytes laid out as N consecutive C*H*W images.</summary>
    public static ImageSet FromBytes(byte[] pixels, ReadOnlySpan<byte> labels, DatasetInfo info)
    {
        if (pixels.LongLength != (long)labels.Length * info.ImageBytes)
            throw new ArgumentException($"expected {labels.Length} images of {info.ImageBytes} bytes, found {pixels.LongLength} bytes", nameof(pixels));
        var longLabels = new long[labels.Length];
        for (var i = 0; i < labels.Length; i++) longLabels[i] = labels[i];
        using var scope = NewDisposeScope();
        var images = tensor(pixels, [labels.Length, info.Channels, info.Height, info.Width], ScalarType.Byte);
        return new ImageSet(images, longLabels, info);
    }

    public Tensor Images { get; }
    public Tensor Labels { get; }
    public long[] LabelArray { get; }
    public int Count => LabelArray.Length;
    public DatasetInfo Info { get; }

    /// <summary>Number of images per class, indexed by class.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Info.NumClasses];
        foreach (var l in LabelArray) counts[l]++;
        return counts;
    }

    /// <summary>A new set (own tensors) holding the given images in the given order.</summary>
    public ImageSet Subset(IReadOnlyList<long> indices)
    {
        var picked = new long[indices.Count];
        var labels = new long[indices.Count];
        for (var i = 0; i < picked.Length; i++)
        {
            var index = indices[i];
            if (index < 0 || index >= Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"index {index} at position {i} outside 0..{Count - 1}");
            picked[i] = index;
            labels[i] = LabelArray[index];
        }
        using var scope = NewDisposeScope();
        var indexTensor = tensor(picked, ScalarType.Int64);
        return new ImageSet(Images.index_select(0, indexTensor), labels, Info);
    }

    /// <summary>n images keeping class proportions; the same (n, seed) always picks the same images.</summary>
    public ImageSet StratifiedSample(int n, int seed)
    {
        if (n > Count || n < Info.NumClasses)
            throw new ArgumentOutOfRangeException(nameof(n), $"a stratified sample needs {Info.NumClasses}..{Count} images, asked for {n}");
        return Subset(StratifiedSampler.Sample(LabelArray, Info.NumClasses, n, seed));
    }

    /// <summary>Disjoint stratified split: validationCount images held out, the rest kept for training.</summary>
    public (ImageSet Train, ImageSet Validation) SplitValidation(int validationCount, int seed)
    {
        if (validationCount < 1 || validationCount >= Count)
            throw new ArgumentOutOfRangeException(nameof(validationCount), $"validation count must lie in 1..{Count - 1}, found {validationCount}");
        var held = StratifiedSampler.Sample(LabelArray, Info.NumClasses, validationCount, seed);
        var isHeld = new bool[Count];
        foreach (var i in held) isHeld[i] = true;
        var kept = new long[Count - held.Length];
        for (int i = 0, k = 0; i < Count; i++)
            if (!isHeld[i]) kept[k++] = i;
        var train = Subset(kept);
        try
        {
            return (train, Subset(held));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
