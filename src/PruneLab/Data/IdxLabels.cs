namespace PruneLab.Data;

/// <summary>The payload of an IDX uint8 label file: one class index per record.</summary>
public sealed record IdxLabels
{
    public required string FilePath { get; init; }
    public required byte[] Labels { get; init; }
    public int Count => Labels.Length;
}
