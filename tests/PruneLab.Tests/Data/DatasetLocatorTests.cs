using PruneLab.Data;

namespace PruneLab.Tests.Data;

/// <summary>Every test injects its own environment lookup, so none touches process-wide state.</summary>
public sealed class DatasetLocatorTests : IDisposable
{
    readonly TempFolder _temp = new("locator");

    public void Dispose() => _temp.Dispose();

    static Func<string, string?> Env(string? dataRoot) => name => name == "PRUNELAB_DATA" ? dataRoot : null;

    void FakeFashion(string folder, bool gzip)
    {
        Directory.CreateDirectory(folder);
        foreach (var name in FashionMnistFiles.All) File.WriteAllText(Path.Combine(folder, name + (gzip ? ".gz" : "")), "x");
    }

    DatasetLocator Isolated(string? dataRoot, string? repo = null) => new()
    {
        Environment = Env(dataRoot),
        RepoRoot = repo,
        SystemFashionMnistFolders = [Path.Combine(_temp.Path, "system", "fashion-mnist")],
    };

    [Fact]
    public void Should_Prefer_PRUNELAB_DATA_Over_Repo_And_System_Folders()
    {
        var data = _temp.Sub("env");
        FakeFashion(Path.Combine(data, "fashion-mnist"), gzip: true);
        var repo = _temp.Sub("repo");
        FakeFashion(Path.Combine(repo, "data", "fashion-mnist"), gzip: false);
        FakeFashion(Path.Combine(_temp.Path, "system", "fashion-mnist"), gzip: true);

        Assert.Equal(Path.Combine(data, "fashion-mnist"), Isolated(data, repo).Locate("fashion-mnist"));
        Assert.Equal(Path.Combine(repo, "data", "fashion-mnist"), Isolated(null, repo).Locate("fashion-mnist"));
        Assert.Equal(Path.Combine(_temp.Path, "system", "fashion-mnist"), Isolated(null).Locate("fashion-mnist"));
    }

    [Fact]
    public void Should_Accept_PRUNELAB_DATA_Holding_The_Files_Directly()
    {
        var data = _temp.Sub("flat");
        FakeFashion(data, gzip: false);

        Assert.Equal(data, Isolated(data).Locate("fashion-mnist"));
    }

    [Fact]
    public void Should_List_Every_Searched_Folder_And_The_Remedy_When_Fashion_Mnist_Is_Missing()
    {
        var data = _temp.Sub("empty");
        var repo = _temp.Sub("repo");
        FakeFashion(Path.Combine(repo, "data", "fashion-mnist"), gzip: false);
        File.Delete(Path.Combine(repo, "data", "fashion-mnist", "t10k-labels-idx1-ubyte"));
        var locator = Isolated(data, repo);

        var e = Assert.Throws<DatasetNotFoundException>(() => locator.Locate("fashion-mnist"));

        Assert.Equal(locator.Candidates("fashion-mnist"), e.SearchedFolders);
        Assert.Equal(4, e.SearchedFolders.Count);
        Assert.All(e.SearchedFolders, f => Assert.Contains(f, e.Message));
        Assert.Contains("lacks t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains("data/fashion-mnist/", e.Message);
    }

    [Fact]
    public void Should_Point_To_The_Import_Command_When_Cifar10_Is_Missing()
    {
        var e = Assert.Throws<DatasetNotFoundException>(() => Isolated(null, _temp.Path).Locate("cifar10"));

        Assert.Equal(new[] { Path.Combine(_temp.Path, "data", "cifar10") }, e.SearchedFolders);
        Assert.Contains("prunelab data import cifar10 PATH", e.Message);
        Assert.Contains("cifar-10-binary.tar.gz", e.Message);
        Assert.DoesNotContain("/usr/share", e.Message);
    }

    [Fact]
    public void Should_Find_Cifar10_In_The_Official_Subfolder()
    {
        var inner = Path.Combine(_temp.Path, "data", "cifar10", CifarFiles.ArchiveSubfolder);
        Directory.CreateDirectory(inner);
        foreach (var name in CifarBinaryFile.AllFiles) File.WriteAllText(Path.Combine(inner, name), "x");

        Assert.Equal(inner, Isolated(null, _temp.Path).Locate("cifar10"));
    }

    [Fact]
    public void Should_Look_Only_In_An_Explicit_Root_And_Its_Dataset_Subfolder()
    {
        var root = _temp.Sub("explicit");
        FakeFashion(Path.Combine(root, "fashion-mnist"), gzip: true);
        var elsewhere = _temp.Sub("elsewhere");
        FakeFashion(elsewhere, gzip: true);
        var locator = Isolated(elsewhere);

        Assert.Equal(Path.Combine(root, "fashion-mnist"), locator.LocateIn("fashion-mnist", root));
        var e = Assert.Throws<DatasetNotFoundException>(() => locator.LocateIn("fashion-mnist", _temp.Sub("nothing")));
        Assert.Equal(2, e.SearchedFolders.Count);
    }

    [Fact]
    public void Should_Find_The_Repository_Root_By_Its_Solution_File()
    {
        var root = DatasetLocator.FindRepoRoot();

        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "Research.sln")));
    }

    [Fact]
    public void Should_Reject_Unknown_Dataset_Names()
    {
        var e = Assert.Throws<ArgumentException>(() => Isolated(null).Locate("mnist"));

        Assert.Contains("fashion-mnist, cifar10", e.Message);
    }
}
