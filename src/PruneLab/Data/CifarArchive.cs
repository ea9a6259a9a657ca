using System.Formats.Tar;
using System.IO.Compression;

namespace PruneLab.Data;

/// <summary>
/// Installs CIFAR-10 from a file the user already has: the official cifar-10-binary.tar.gz, or a folder of the .bin
/// files. Every file is validated before anything lands in the destination, and files are written to a temporary
/// sibling folder first, so an interrupted or failed import never leaves a half-usable dataset behind.
/// </summary>
public static class CifarArchive
{
    public const string MetaFile = "batches.meta.txt";

    /// <summary>Copies the six .bin files (and batches.meta.txt when present) into destination; returns the written paths.</summary>
    public static IReadOnlyList<string> Import(string source, string destination)
    {
        var target = Path.GetFullPath(destination);
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException("destination must not be a root folder", nameof(destination));
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.import-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            if (Directory.Exists(source)) StageFromFolder(source, staging);
            else if (File.Exists(source)) StageFromArchive(source, staging);
            else throw new FileNotFoundException(
                $"{source}: no such file or folder; expected cifar-10-binary.tar.gz or a folder holding the CIFAR-10 .bin files", source);

            var missing = CifarFiles.Missing(staging);
            if (missing.Count > 0)
                throw new DatasetFormatException(source,
                    $"expected the six CIFAR-10 binary files ({string.Join(", ", CifarBinaryFile.AllFiles)}), missing {string.Join(", ", missing)}");
            return Publish(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    static void StageFromFolder(string source, string staging)
    {
        var folder = CifarFiles.Resolve(source) ?? throw new DatasetFormatException(source,
            $"expected the six CIFAR-10 binary files in the folder or its {CifarFiles.ArchiveSubfolder}/ subfolder, " +
            $"missing {string.Join(", ", CifarFiles.Missing(source))}");
        foreach (var name in CifarBinaryFile.AllFiles)
        {
            var path = Path.Combine(folder, name);
            Stage(File.ReadAllBytes(path), path, name, staging);
        }
        var meta = Path.Combine(folder, MetaFile);
        if (File.Exists(meta)) File.Copy(meta, Path.Combine(staging, MetaFile));
    }

    static void StageFromArchive(string source, string staging)
    {
        var wanted = new HashSet<string>(CifarBinaryFile.AllFiles) { MetaFile };
        try
        {
            using var file = File.OpenRead(source);
            using var stream = DataFileBytes.IsGzip(source) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            using var reader = new TarReader(stream);
            while (reader.GetNextEntry() is { } entry)
            {
                var name = Path.GetFileName(entry.Name);
                if (entry.DataStream == null || !wanted.Contains(name)) continue;
                var entryPath = $"{source}!{entry.Name}";
                if (name != MetaFile) CifarBinaryFile.CheckSize(entry.Length, entryPath);
                var bytes = new byte[entry.Length];
                entry.DataStream.ReadExactly(bytes);
                Stage(bytes, entryPath, name, staging);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DatasetFormatException(source, $"expected a tar or tar.gz archive, found unreadable data ({e.Message})", e);
        }
    }

    static void Stage(byte[] bytes, string origin, string name, string staging)
    {
        if (name != MetaFile) CifarBinaryFile.Parse(bytes, origin);
        File.WriteAllBytes(Path.Combine(staging, name), bytes);
    }

    /// <summary>Moves staged files into place: one folder rename when the target is new, else per-file atomic replaces.</summary>
    static IReadOnlyList<string> Publish(string staging, string target)
    {
        var names = Directory.GetFiles(staging).Select(Path.GetFileName).OfType<string>().Order().ToList();
        if (!Directory.Exists(target)) Directory.Move(staging, target);
        else
            foreach (var name in names)
                File.Move(Path.Combine(staging, name), Path.Combine(target, name), overwrite: true);
        return names.Select(n => Path.Combine(target, n)).ToList();
    }
}
