namespace PruneLab.Data;

/// <summary>
/// Static facts about a dataset: geometry, class names and the per-channel statistics used for normalisation.
/// Mean and Std are on pixels scaled to [0,1], computed over the training split.
/// </summary>
public sealed record DatasetInfo
{
    public const string FashionMnistName = "fashion-mnist";
    public const string Cifar10Name = "cifar10";

    public required string Name { get; init; }
    public required int Channels { get; init; }
    public required int Height { get; init; }
    public required int Width { get; init; }
    public required IReadOnlyList<string> ClassNames { get; init; }
    public required float[] Mean { get; init; }
    public required float[] Std { get; init; }

    /// <summary>Default for training-time crop + flip: on for CIFAR-10 (its standard recipe), off for Fashion-MNIST (its usual baselines train without).</summary>
    public bool Augment { get; init; }

    public int NumClasses => ClassNames.Count;

    /// <summary>Bytes per image (C*H*W).</summary>
    public int ImageBytes => Channels * Height * Width;

    // Properties return fresh instances so nobody can mutate a shared Mean/Std array.
    public static DatasetInfo FashionMnist => new()
    {
        Name = FashionMnistName,
        Channels = 1,
        Height = 28,
        Width = 28,
        ClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        Mean = [0.2860f],
        Std = [0.3530f],
        Augment = false,
    };

    public static DatasetInfo Cifar10 => new()
    {
        Name = Cifar10Name,
        Channels = 3,
        Height = 32,
        Width = 32,
        ClassNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
        Mean = [0.4914f, 0.4822f, 0.4465f],
        Std = [0.2470f, 0.2435f, 0.2616f],
        Augment = true,
    };

    /// <summary>Info for a catalog name; ArgumentException listing the valid names otherwise.</summary>
    public static DatasetInfo ForName(string name) => name switch
    {
        FashionMnistName => FashionMnist,
        Cifar10Name => Cifar10,
        _ => throw new ArgumentException(
            $"Unknown dataset '{name}'. Valid names: {string.Join(", ", DatasetCatalog.Names)}.", nameof(name)),
    };
}
