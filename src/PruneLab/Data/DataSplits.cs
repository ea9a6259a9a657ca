namespace PruneLab.Data;

/// <summary>The splits of one loaded dataset. Owns the tensors of every split.</summary>
public sealed record DataSplits : IDisposable
{
    public required ImageSet Train { get; init; }

    /// <summary>Held-out part of the training data; null when DataOptions.ValidationCount is 0.</summary>
    public ImageSet? Validation { get; init; }

    public required ImageSet Test { get; init; }
    public required DatasetInfo Info { get; init; }

    /// <summary>Folder the data was read from, for run logs.</summary>
    public string? Folder { get; init; }

    public void Dispose()
    {
        Train.Dispose();
        Validation?.Dispose();
        Test.Dispose();
    }
}
