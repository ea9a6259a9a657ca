namespace PruneLab.Data;

/// <summary>How to cut a dataset for one experiment. The defaults give the full official train/test split.</summary>
public sealed record DataOptions
{
    /// <summary>Training images kept (stratified by class); null keeps all. Used for quick runs and few-data studies.</summary>
    public int? Subset { get; init; }

    /// <summary>
    /// Training images held out as a validation set, taken AFTER subsetting so the subset size stays the budget
    /// of labelled data. MetaPruning's search scores candidates on it, never on the test set.
    /// </summary>
    public int ValidationCount { get; init; }

    /// <summary>Drives subset and validation selection; the same seed always picks the same images.</summary>
    public int Seed { get; init; }

    /// <summary>Explicit data folder (the dataset folder itself or a parent holding it); skips the usual lookup.</summary>
    public string? Root { get; init; }
}
