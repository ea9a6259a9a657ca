using System.Formats.Tar;
using System.IO.Compression;
using PruneLab.Data;

namespace PruneLab.Tests.Data;

/// <summary>
/// One official-size crafted CIFAR-10 set (six 30.7 MB files plus a meta file) and its tar.gz, written once for the
/// CIFAR test classes because building them dominates the cost of those tests.
/// </summary>
public sealed class CifarFixture : IDisposable
{
    readonly TempFolder _temp = new("cifar");

    public CifarFixture()
    {
        Folder = _temp.Sub("batches");
        CifarWriter.WriteFolder(Folder);
        File.WriteAllText(Path.Combine(Folder, CifarArchive.MetaFile), "airplane\nautomobile\n");
        Archive = _temp.File("cifar-10-binary.tar.gz");
        WriteArchive(Archive, CifarBinaryFile.AllFiles);
    }

    public string Root => _temp.Path;

    /// <summary>Folder holding the six .bin files and batches.meta.txt.</summary>
    public string Folder { get; }

    /// <summary>Official layout: cifar-10-batches-bin/ with the files, plus an unrelated entry to be ignored.</summary>
    public string Archive { get; }

    public void WriteArchive(string path, IEnumerable<string> binFiles, bool gzip = true)
    {
        using var file = File.Create(path);
        using var stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : (Stream)file;
        using var tar = new TarWriter(stream, TarEntryFormat.Pax);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "cifar-10-batches-bin/"));
        foreach (var name in binFiles.Append(CifarArchive.MetaFile))
            tar.WriteEntry(Path.Combine(Folder, name), "cifar-10-batches-bin/" + name);
        var readme = new PaxTarEntry(TarEntryType.RegularFile, "cifar-10-batches-bin/readme.html")
        {
            DataStream = new MemoryStream("<html/>"u8.ToArray()),
        };
        tar.WriteEntry(readme);
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>Shares one <see cref="CifarFixture"/> across the CIFAR test classes (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class CifarCollection : ICollectionFixture<CifarFixture>
{
    public const string Name = "crafted cifar10";
}
