namespace PruneLab.Data;

/// <summary>The payload of an IDX uint8 image file: Count images of Height x Width, row-major, one byte per pixel.</summary>
public sealed record IdxImages
{
    public required string FilePath { get; init; }
    public required byte[] Pixels { get; init; }
    public required int Count { get; init; }
    public required int Height { get; init; }
    public required int Width { get; init; }
}
