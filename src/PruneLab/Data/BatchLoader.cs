using static TorchSharp.torch;

namespace PruneLab.Data;

/// <summary>
/// Turns an <see cref="ImageSet"/> into normalised float32 mini-batches on a device. Order and augmentation depend
/// only on (seed, epoch), never on global RNG state or on earlier epochs, so a run resumed at an epoch boundary sees
/// exactly the batches it would have seen. The last, partial batch is kept.
/// </summary>
public sealed class BatchLoader
{
    public BatchLoader(ImageSet set, int batchSize, bool shuffle, bool augment, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (set.Count == 0) throw new ArgumentException("cannot batch an empty set", nameof(set));
        Set = set;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Augment = augment;
        Seed = seed;
    }

    public ImageSet Set { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public bool Augment { get; }
    public int Seed { get; }

    /// <summary>
    /// When true (the default, as in TorchSharp's DataLoader) each batch is disposed as the enumeration moves past
    /// it, so a training loop leaks nothing; clone a batch to keep it. Set false to own the batches yourself.
    /// </summary>
    public bool DisposeBatches { get; init; } = true;

    /// <summary>The first <paramref name="n"/> images of a set in order, normalised as the loader feeds them, owned by the caller.</summary>
    public static Tensor First(ImageSet set, int n, Device device)
    {
        foreach (var (x, _) in new BatchLoader(set, Math.Min(n, set.Count), shuffle: false, augment: false, seed: 0).Epoch(0, device))
            return x.clone().DetachFromDisposeScope();
        throw new ArgumentException("the set is empty.");
    }

    public int BatchCount => (Set.Count + BatchSize - 1) / BatchSize;

    /// <summary>The image order of an epoch: a permutation seeded by (seed, epoch), or 0..N-1 without shuffling.</summary>
    public long[] Order(int epoch)
    {
        var order = new long[Set.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        if (!Shuffle) return order;
        var random = new Random(EpochSeed(epoch));
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    public IEnumerable<(Tensor Images, Tensor Labels)> Epoch(int epoch, Device device)
    {
        var info = Set.Info;
        // x/255 then (x - mean)/std folds into one multiply-add per element.
        var scaleValues = info.Std.Select(s => 1f / (255f * s)).ToArray();
        var shiftValues = info.Mean.Zip(info.Std, (m, s) => -m / s).ToArray();
        using var permutation = tensor(Order(epoch), ScalarType.Int64).DetachFromDisposeScope();
        using var scale = tensor(scaleValues, [1, info.Channels, 1, 1], ScalarType.Float32, device).DetachFromDisposeScope();
        using var shift = tensor(shiftValues, [1, info.Channels, 1, 1], ScalarType.Float32, device).DetachFromDisposeScope();
        // Separate stream from the shuffle so turning augmentation on does not change the order.
        using var augmentation = Augment ? new CifarAugmentation(EpochSeed(epoch) ^ 0x5DEECE66DL) : null;

        for (var b = 0; b < BatchCount; b++)
        {
            var start = (long)b * BatchSize;
            var length = Math.Min(BatchSize, Set.Count - start);
            Tensor images, labels;
            using (var scope = NewDisposeScope())
            {
                var indices = permutation.narrow(0, start, length);
                var raw = Set.Images.index_select(0, indices).to(device);
                if (augmentation != null) raw = augmentation.Apply(raw);
                images = raw.to_type(ScalarType.Float32).mul_(scale).add_(shift);
                labels = Set.Labels.index_select(0, indices).to(device);
                (images, labels) = scope.MoveToOuter(images, labels);
            }
            try
            {
                yield return (images, labels);
            }
            finally
            {
                if (DisposeBatches)
                {
                    images.Dispose();
                    labels.Dispose();
                }
            }
        }
    }

    int EpochSeed(int epoch) => unchecked(Seed * 1_000_003 + epoch);
}
