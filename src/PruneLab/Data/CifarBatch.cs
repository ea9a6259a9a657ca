namespace PruneLab.Data;

/// <summary>One CIFAR-10 binary file split into labels and channel-first pixels (R plane, G plane, B plane per image).</summary>
public sealed record CifarBatch
{
    public required string FilePath { get; init; }
    public required byte[] Labels { get; init; }

    /// <summary>Count * 3072 bytes; image i occupies [i*3072, (i+1)*3072).</summary>
    public required byte[] Pixels { get; init; }

    public int Count => Labels.Length;
}
