namespace PruneLab.Models;

/// <summary>
/// Everything needed to rebuild a network: its family, input and the width of every site (in forward order).
/// A pruned network is the same family with smaller widths, so this record is also how pruned models are saved.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>One of <see cref="ModelCatalog.Names"/>.</summary>
    public required string Family { get; init; }
    public int InChannels { get; init; } = 3;
    /// <summary>Square input side: 28 (Fashion-MNIST) or 32 (CIFAR-10); other sizes work where the strides allow.</summary>
    public int ImageSize { get; init; } = 32;
    public int NumClasses { get; init; } = 10;
    /// <summary>Output channels of every site, in the order of <see cref="Architecture.Sites"/>.</summary>
    public required int[] Widths { get; init; }
    /// <summary>Hidden width of VGG's classifier (Linear-BN-ReLU-Linear); 0 for the other families.</summary>
    public int ClassifierWidth { get; init; }

    public ModelSpec WithWidths(int[] widths) => this with { Widths = widths };

    public bool SameArchitectureAs(ModelSpec other) =>
        Family == other.Family && InChannels == other.InChannels && ImageSize == other.ImageSize &&
        NumClasses == other.NumClasses && ClassifierWidth == other.ClassifierWidth && Widths.SequenceEqual(other.Widths);

    public override string ToString() =>
        $"{Family} ({InChannels}x{ImageSize}x{ImageSize} -> {NumClasses}; widths {string.Join(",", Widths)}" +
        (ClassifierWidth > 0 ? $"; classifier {ClassifierWidth})" : ")");
}
