using System.Buffers.Binary;

namespace PruneLab.Data;

/// <summary>
/// Reader for the IDX format used by MNIST and Fashion-MNIST: a big-endian magic (0x0000080D where D is the rank),
/// then one big-endian uint32 per dimension, then the uint8 payload. Plain or gzipped files are both accepted.
/// </summary>
public static class IdxFile
{
    public const uint ImagesMagic = 0x00000803;
    public const uint LabelsMagic = 0x00000801;
    const int ImagesHeader = 16;
    const int LabelsHeader = 8;

    public static IdxImages ReadImages(string path)
    {
        var data = DataFileBytes.Read(path, out var gz);
        CheckHeader(path, data, ImagesMagic, "IDX uint8 images", ImagesHeader);
        var count = Dimension(path, data, 4, "image count");
        var height = Dimension(path, data, 8, "height");
        var width = Dimension(path, data, 12, "width");
        long expected = ImagesHeader + (long)count * height * width;
        if (expected > Array.MaxLength)
            throw new DatasetFormatException(path, $"header claims {count} images of {height}x{width}, too large for one buffer");
        CheckLength(path, data.LongLength, expected, gz, $"{count} images of {height}x{width}");
        return new IdxImages
        {
            FilePath = path,
            Pixels = data.AsSpan(ImagesHeader).ToArray(),
            Count = count,
            Height = height,
            Width = width,
        };
    }

    /// <summary>Reads labels and checks every one lies in 0..numClasses-1.</summary>
    public static IdxLabels ReadLabels(string path, int numClasses = 10)
    {
        var data = DataFileBytes.Read(path, out var gz);
        CheckHeader(path, data, LabelsMagic, "IDX uint8 labels", LabelsHeader);
        var count = Dimension(path, data, 4, "label count");
        CheckLength(path, data.LongLength, LabelsHeader + (long)count, gz, $"{count} labels");
        var labels = data.AsSpan(LabelsHeader).ToArray();
        LabelRange.Check(path, labels, numClasses);
        return new IdxLabels { FilePath = path, Labels = labels };
    }

    static void CheckHeader(string path, byte[] data, uint magic, string kind, int headerBytes)
    {
        if (data.Length < 4)
            throw new DatasetFormatException(path, $"expected an IDX header of {headerBytes} bytes ({kind}), found only {data.Length} bytes");
        var found = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (found != magic)
            throw new DatasetFormatException(path, $"expected magic 0x{magic:X8} ({kind}), found 0x{found:X8}");
        if (data.Length < headerBytes)
            throw new DatasetFormatException(path, $"truncated: expected an IDX header of {headerBytes} bytes ({kind}), found {data.Length}");
    }

    static int Dimension(string path, byte[] data, int offset, string name)
    {
        var value = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
        if (value is 0 or > int.MaxValue)
            throw new DatasetFormatException(path, $"expected a positive {name} in the IDX header, found {value}");
        return (int)value;
    }

    static void CheckLength(string path, long found, long expected, bool gz, string what)
    {
        if (found == expected) return;
        var after = gz ? " after gunzip" : "";
        var problem = found < expected
            ? $"truncated: expected {expected} bytes for {what}, found {found}{after}"
            : $"expected {expected} bytes for {what}, found {found}{after} (trailing data)";
        throw new DatasetFormatException(path, problem);
    }
}
