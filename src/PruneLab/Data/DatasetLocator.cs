namespace PruneLab.Data;

/// <summary>
/// Finds a dataset's folder. Search order: $PRUNELAB_DATA/&lt;name&gt; (and $PRUNELAB_DATA itself),
/// &lt;repo&gt;/data/&lt;name&gt;, then system folders (Debian's dataset-fashion-mnist package). Nothing is ever
/// downloaded. Every input is an init property so tests can point it anywhere without touching process state.
/// </summary>
public sealed class DatasetLocator
{
    public const string DataVariable = "PRUNELAB_DATA";
    public const string SolutionFile = "Research.sln";

    /// <summary>Environment lookup; defaults to the process environment.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Repository root (the folder holding Research.sln), or null when not run from a checkout.</summary>
    public string? RepoRoot { get; init; } = FindRepoRoot();

    /// <summary>Folders installed by system packages, searched last.</summary>
    public IReadOnlyList<string> SystemFashionMnistFolders { get; init; } = ["/usr/share/datasets/fashion-mnist"];

    /// <summary>Candidate folders for a dataset, in search order, without checking they exist.</summary>
    public IReadOnlyList<string> Candidates(string dataset)
    {
        DatasetInfo.ForName(dataset);
        var folders = new List<string>();
        var dataRoot = Environment(DataVariable);
        if (!string.IsNullOrWhiteSpace(dataRoot))
        {
            folders.Add(Path.GetFullPath(Path.Combine(dataRoot, dataset)));
            folders.Add(Path.GetFullPath(dataRoot));
        }
        if (RepoRoot != null) folders.Add(Path.Combine(RepoRoot, "data", dataset));
        if (dataset == DatasetInfo.FashionMnistName) folders.AddRange(SystemFashionMnistFolders);
        return folders;
    }

    /// <summary>The first candidate holding the complete dataset; DatasetNotFoundException listing every candidate otherwise.</summary>
    public string Locate(string dataset) => Locate(dataset, Candidates(dataset));

    /// <summary>Looks only in an explicit folder (or its &lt;name&gt; subfolder), as given by --data or DataOptions.Root.</summary>
    public string LocateIn(string dataset, string root)
    {
        DatasetInfo.ForName(dataset);
        var full = Path.GetFullPath(root);
        return Locate(dataset, [full, Path.Combine(full, dataset)]);
    }

    static string Locate(string dataset, IReadOnlyList<string> candidates)
    {
        foreach (var folder in candidates)
        {
            var found = Holding(dataset, folder);
            if (found != null) return found;
        }
        throw NotFound(dataset, candidates);
    }

    /// <summary>The folder with the files (for CIFAR possibly the official subfolder), or null.</summary>
    static string? Holding(string dataset, string folder) =>
        dataset == DatasetInfo.Cifar10Name
            ? CifarFiles.Resolve(folder)
            : FashionMnistFiles.Missing(folder).Count == 0 ? folder : null;

    static DatasetNotFoundException NotFound(string dataset, IReadOnlyList<string> candidates)
    {
        var lines = new List<string> { $"Dataset '{dataset}' not found. Searched, in order:" };
        foreach (var folder in candidates)
        {
            var missing = dataset == DatasetInfo.Cifar10Name ? CifarFiles.Missing(folder) : FashionMnistFiles.Missing(folder);
            var state = !Directory.Exists(folder) ? "does not exist" : $"lacks {string.Join(", ", missing)}";
            lines.Add($"  {folder} ({state})");
        }
        if (candidates.Count == 0) lines.Add("  (no folders: PRUNELAB_DATA unset and no Research.sln above the working directory)");
        lines.Add(dataset == DatasetInfo.Cifar10Name
            ? "To fix: get the official binary archive cifar-10-binary.tar.gz and run `prunelab data import cifar10 PATH` " +
              $"(PATH = the .tar.gz or a folder of the six .bin files), or set {DataVariable} to a folder holding cifar10/."
            : "To fix: `sudo apt-get install dataset-fashion-mnist` (installs /usr/share/datasets/fashion-mnist), or copy " +
              $"the four files ({string.Join(", ", FashionMnistFiles.All)}, optionally .gz) into data/fashion-mnist/ " +
              $"of the repository, or set {DataVariable} to a folder holding fashion-mnist/.");
        return new DatasetNotFoundException(dataset, candidates, string.Join(System.Environment.NewLine, lines));
    }

    /// <summary>Walks up from the app folder, then the working directory, to the first folder holding Research.sln.</summary>
    public static string? FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        }
        return null;
    }
}
