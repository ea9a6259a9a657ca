using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PruneLab.Tests.Viz;

/// <summary>
/// Reads back the 8-bit greyscale/RGB PNGs the grid writes: checks the signature and every chunk's CRC (computed
/// bitwise here, not with the encoder's table), inflates IDAT and undoes filter type 0, the only one the writer uses.
/// </summary>
static class PngReader
{
    public sealed record Image(int Width, int Height, int Channels, byte[] Pixels)
    {
        public byte At(int x, int y, int channel) => Pixels[(y * Width + x) * Channels + channel];
    }

    public static Image Read(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int width = 0, height = 0, channels = 0;
        var idat = new MemoryStream();
        var position = 8;
        var sawEnd = false;
        while (!sawEnd)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            var type = Encoding.ASCII.GetString(png, position + 4, 4);
            var data = png.AsSpan(position + 8, length).ToArray();
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            Assert.Equal(BitwiseCrc32(png.AsSpan(position + 4, 4 + length)), crc);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4));
                    Assert.Equal(8, data[8]);
                    channels = data[9] switch { 0 => 1, 2 => 3, var t => throw new InvalidDataException($"colour type {t}") };
                    break;
                case "IDAT": idat.Write(data); break;
                case "IEND": sawEnd = true; break;
            }
            position += 12 + length;
        }
        Assert.Equal(png.Length, position);

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        var raw = inflated.ToArray();
        var stride = width * channels;
        Assert.Equal((stride + 1) * height, raw.Length);
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, raw[y * (stride + 1)]);
            Array.Copy(raw, y * (stride + 1) + 1, pixels, y * stride, stride);
        }
        return new Image(width, height, channels, pixels);
    }

    /// <summary>CRC-32 as PNG defines it, one bit at a time.</summary>
    public static uint BitwiseCrc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
