namespace PruneLab.Data;

/// <summary>Entry point: loads a dataset by name, applying subsetting and the validation hold-out.</summary>
public static class DatasetCatalog
{
    public static IReadOnlyList<string> Names { get; } = [DatasetInfo.FashionMnistName, DatasetInfo.Cifar10Name];

    // Distinct derived seeds so the subset draw and the validation draw are not the same random sequence.
    const int SubsetSalt = 0x51B5E7;
    const int ValidationSalt = 0x0A11D;

    public static DataSplits Load(string name, DataOptions options) => Load(name, options, new DatasetLocator());

    public static DataSplits Load(string name, DataOptions options, DatasetLocator locator)
    {
        var info = DatasetInfo.ForName(name);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ValidationCount, nameof(options.ValidationCount));
        var folder = options.Root != null ? locator.LocateIn(name, options.Root) : locator.Locate(name);
        var train = LoadSplit(info, folder, train: true);
        ImageSet? test = null, validation = null;
        try
        {
            // StratifiedSample rejects sizes outside NumClasses..Count with a message naming both bounds.
            if (options.Subset is { } subset && subset != train.Count)
                Replace(ref train, train.StratifiedSample(subset, options.Seed ^ SubsetSalt));
            if (options.ValidationCount > 0)
            {
                var (kept, held) = train.SplitValidation(options.ValidationCount, options.Seed ^ ValidationSalt);
                validation = held;
                Replace(ref train, kept);
            }
            test = LoadSplit(info, folder, train: false);
            return new DataSplits { Train = train, Validation = validation, Test = test, Info = info, Folder = folder };
        }
        catch
        {
            train.Dispose();
            validation?.Dispose();
            test?.Dispose();
            throw;
        }
    }

    static ImageSet LoadSplit(DatasetInfo info, string folder, bool train) =>
        info.Name == DatasetInfo.Cifar10Name ? CifarFiles.LoadSplit(folder, train) : FashionMnistFiles.LoadSplit(folder, train);

    static void Replace(ref ImageSet current, ImageSet next)
    {
        current.Dispose();
        current = next;
    }
}
