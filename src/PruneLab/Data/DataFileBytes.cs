using System.IO.Compression;

namespace PruneLab.Data;

/// <summary>Reads a whole data file, transparently gunzipping it when it starts with the gzip magic 1f 8b.</summary>
internal static class DataFileBytes
{
    /// <summary>True when the bytes start with the gzip header; the extension is not trusted either way.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b;

    public static bool IsGzip(string path)
    {
        Span<byte> head = stackalloc byte[2];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && IsGzip(head);
    }

    /// <summary>The file's content, decompressed if gzipped. A corrupt gzip stream becomes a DatasetFormatException.</summary>
    public static byte[] Read(string path, out bool wasGzip)
    {
        var raw = File.ReadAllBytes(path);
        wasGzip = IsGzip(raw);
        if (!wasGzip) return raw;
        try
        {
            // The gzip trailer holds the uncompressed size mod 2^32: a hint that avoids regrowing the buffer, capped
            // by deflate's best ratio (~1032:1) so a corrupt trailer cannot make us allocate gigabytes up front.
            long hint = raw.Length >= 18 ? BitConverter.ToUInt32(raw, raw.Length - 4) : 0;
            hint = Math.Min(hint, Math.Min(raw.Length * 1032L + 1024, Array.MaxLength));
            using var output = new MemoryStream(hint > 0 ? (int)hint : raw.Length * 2);
            using (var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress))
                gzip.CopyTo(output);
            return output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"starts with the gzip header but is not a valid gzip stream ({e.Message})", e);
        }
    }
}
