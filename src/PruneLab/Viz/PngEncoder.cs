using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PruneLab.Viz;

/// <summary>
/// A minimal PNG writer (W3C PNG spec: 8-bit greyscale or RGB, no filtering, one zlib IDAT chunk), so an image grid
/// travels as one small data URI instead of a JSON array per pixel.
/// </summary>
internal static class PngEncoder
{
    static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Encodes interleaved pixels (row-major, <paramref name="channels"/> bytes per pixel: 1 grey, 3 RGB).</summary>
    public static byte[] Encode(byte[] pixels, int width, int height, int channels)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), $"1 (grey) or 3 (RGB) channels, found {channels}");
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"empty image {width}x{height}");
        var stride = width * channels;
        if (pixels.Length != (long)stride * height)
            throw new ArgumentException($"expected {stride * height} bytes for {width}x{height}x{channels}, found {pixels.Length}", nameof(pixels));

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;                                // bit depth
        header[9] = (byte)(channels == 1 ? 0 : 2);    // colour type: greyscale or truecolour
        // header[10..12]: deflate compression, adaptive filtering, no interlace (all zero)

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var row = 0; row < height; row++)
            {
                zlib.WriteByte(0);                    // filter type None
                zlib.Write(pixels, row * stride, stride);
            }
        }

        using var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeBytes, data));
        output.Write(word);
    }

    /// <summary>CRC-32 (ISO 3309, as PNG specifies) over the chunk type and data.</summary>
    internal static uint Crc32(byte[] type, byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in type) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
