using PruneLab.Data;

namespace PruneLab.Tests.Data;

[Collection(CifarCollection.Name)]
public sealed class CifarArchiveTests : IDisposable
{
    readonly CifarFixture _cifar;
    readonly TempFolder _temp = new("import");

    public CifarArchiveTests(CifarFixture cifar) => _cifar = cifar;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Should_Import_The_Same_Files_From_Tar_Gz_As_From_A_Folder()
    {
        var fromFolder = _temp.File("a");
        var fromArchive = _temp.File("b");

        var written = CifarArchive.Import(_cifar.Folder, fromFolder);
        CifarArchive.Import(_cifar.Archive, fromArchive);

        var expected = CifarBinaryFile.AllFiles.Append(CifarArchive.MetaFile).Order().ToArray();
        Assert.Equal(expected, written.Select(Path.GetFileName));
        Assert.Equal(expected, Directory.GetFiles(fromArchive).Select(Path.GetFileName).Order());
        foreach (var name in expected)
            Assert.True(File.ReadAllBytes(Path.Combine(fromFolder, name)).AsSpan()
                .SequenceEqual(File.ReadAllBytes(Path.Combine(fromArchive, name))), name);
        Assert.True(File.ReadAllBytes(Path.Combine(fromArchive, "data_batch_4.bin")).AsSpan()
            .SequenceEqual(File.ReadAllBytes(Path.Combine(_cifar.Folder, "data_batch_4.bin"))));
    }

    [Fact]
    public void Should_Import_From_The_Official_Subfolder_And_Replace_An_Existing_Destination()
    {
        var source = _temp.Sub("extracted");
        var inner = Directory.CreateDirectory(Path.Combine(source, CifarFiles.ArchiveSubfolder)).FullName;
        foreach (var name in CifarBinaryFile.AllFiles)
            File.CreateSymbolicLink(Path.Combine(inner, name), Path.Combine(_cifar.Folder, name));
        var destination = _temp.Sub("dest");
        File.WriteAllText(Path.Combine(destination, "test_batch.bin"), "stale");

        CifarArchive.Import(source, destination);

        Assert.Equal(new FileInfo(Path.Combine(_cifar.Folder, "test_batch.bin")).Length,
            new FileInfo(Path.Combine(destination, "test_batch.bin")).Length);
        Assert.Empty(CifarFiles.Missing(destination));
    }

    [Fact]
    public void Should_Name_Missing_Files_And_Leave_No_Destination_Or_Staging_Behind()
    {
        var archive = _temp.File("partial.tar"); // plain tar: the reader must not insist on gzip
        _cifar.WriteArchive(archive, CifarBinaryFile.TrainFiles.Take(4), gzip: false);
        var destination = _temp.File("dest");

        var e = Assert.Throws<DatasetFormatException>(() => CifarArchive.Import(archive, destination));

        Assert.Equal(archive, e.FilePath);
        Assert.Contains("missing data_batch_5.bin, test_batch.bin", e.Message);
        Assert.False(Directory.Exists(destination));
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path, ".dest.import-*"));
    }

    [Fact]
    public void Should_Reject_A_Bad_Batch_File_In_A_Folder_Before_Writing_Anything()
    {
        var source = _temp.Sub("bad");
        foreach (var name in CifarBinaryFile.TrainFiles)
            File.CreateSymbolicLink(Path.Combine(source, name), Path.Combine(_cifar.Folder, name));
        File.WriteAllBytes(Path.Combine(source, "test_batch.bin"), new byte[3073 * 9999]);
        var destination = _temp.File("dest");

        var e = Assert.Throws<DatasetFormatException>(() => CifarArchive.Import(source, destination));

        Assert.EndsWith("test_batch.bin", e.FilePath);
        Assert.Contains("expected 30730000 bytes (10000 records of 3073), found 30726927 (9999 records)", e.Message);
        Assert.False(Directory.Exists(destination));
    }

    [Fact]
    public void Should_Reject_A_File_That_Is_Not_A_Tar_Archive()
    {
        var path = _temp.File("cifar-10-binary.tar.gz");
        IdxWriter.Write(path, Enumerable.Range(0, 5000).Select(i => (byte)(i * 13)).ToArray(), gzip: true);

        var e = Assert.Throws<DatasetFormatException>(() => CifarArchive.Import(path, _temp.File("dest")));

        Assert.Equal(path, e.FilePath);
        Assert.Contains("expected a tar or tar.gz archive", e.Message);
    }

    [Fact]
    public void Should_Say_What_Source_Is_Expected_When_It_Does_Not_Exist()
    {
        var e = Assert.Throws<FileNotFoundException>(() => CifarArchive.Import(_temp.File("nope.tar.gz"), _temp.File("dest")));

        Assert.Contains("cifar-10-binary.tar.gz", e.Message);
    }
}
