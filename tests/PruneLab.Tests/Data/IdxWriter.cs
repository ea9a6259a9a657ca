using System.Buffers.Binary;
using System.IO.Compression;

namespace PruneLab.Tests.Data;

/// <summary>Writes small IDX files for tests, optionally gzipped, optionally with a lying header.</summary>
static class IdxWriter
{
    public static byte[] Images(int count, int height, int width, Func<int, int, byte>? pixel = null, uint magic = 0x00000803)
    {
        var data = new byte[16 + count * height * width];
        BinaryPrimitives.WriteUInt32BigEndian(data, magic);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), (uint)height);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(12), (uint)width);
        // Default pattern: the first two pixels carry the image index (low, high byte) so tests can fingerprint images.
        pixel ??= (image, offset) => offset switch
        {
            0 => (byte)(image % 256),
            1 => (byte)(image / 256),
            _ => (byte)((image * 7 + offset) % 256),
        };
        for (var i = 0; i < count; i++)
            for (var p = 0; p < height * width; p++)
                data[16 + i * height * width + p] = pixel(i, p);
        return data;
    }

    public static byte[] Labels(IReadOnlyList<byte> labels, uint magic = 0x00000801)
    {
        var data = new byte[8 + labels.Count];
        BinaryPrimitives.WriteUInt32BigEndian(data, magic);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), (uint)labels.Count);
        for (var i = 0; i < labels.Count; i++) data[8 + i] = labels[i];
        return data;
    }

    public static byte[] Balanced(int count) => Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();

    public static string Write(string path, byte[] data, bool gzip)
    {
        if (!gzip)
        {
            File.WriteAllBytes(path, data);
            return path;
        }
        using (var file = File.Create(path))
        using (var zip = new GZipStream(file, CompressionLevel.Fastest))
            zip.Write(data);
        return path;
    }

    /// <summary>A complete small Fashion-MNIST-shaped folder (28x28, balanced labels).</summary>
    public static void WriteFashionFolder(string folder, int train, int test, bool gzip)
    {
        var ext = gzip ? ".gz" : "";
        Write(Path.Combine(folder, "train-images-idx3-ubyte" + ext), Images(train, 28, 28), gzip);
        Write(Path.Combine(folder, "train-labels-idx1-ubyte" + ext), Labels(Balanced(train)), gzip);
        Write(Path.Combine(folder, "t10k-images-idx3-ubyte" + ext), Images(test, 28, 28), gzip);
        Write(Path.Combine(folder, "t10k-labels-idx1-ubyte" + ext), Labels(Balanced(test)), gzip);
    }
}
