namespace PruneLab.Data;

/// <summary>
/// No folder on the search path holds the dataset. Distinct from <see cref="DatasetFormatException"/> because the
/// remedy differs: install or import the data rather than replace a broken file.
/// </summary>
public sealed class DatasetNotFoundException : Exception
{
    public DatasetNotFoundException(string dataset, IReadOnlyList<string> searched, string message)
        : base(message)
    {
        Dataset = dataset;
        SearchedFolders = searched;
    }

    public string Dataset { get; }

    /// <summary>Every folder that was looked at, in search order.</summary>
    public IReadOnlyList<string> SearchedFolders { get; }
}
