namespace PruneLab.Data;

/// <summary>
/// The four IDX files of Fashion-MNIST inside a folder, each either gzipped (as distributed) or already unpacked.
/// </summary>
public static class FashionMnistFiles
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    public static IReadOnlyList<string> All { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>Path of baseName or baseName.gz in the folder (plain preferred: it is cheaper to read), or null.</summary>
    public static string? Find(string folder, string baseName)
    {
        var plain = Path.Combine(folder, baseName);
        if (File.Exists(plain)) return plain;
        var gz = plain + ".gz";
        return File.Exists(gz) ? gz : null;
    }

    /// <summary>Base names of the files the folder lacks (all four when it does not exist).</summary>
    public static IReadOnlyList<string> Missing(string folder) => All.Where(f => Find(folder, f) == null).ToList();

    public static ImageSet LoadSplit(string folder, bool train)
    {
        var info = DatasetInfo.FashionMnist;
        var imagesPath = Require(folder, train ? TrainImages : TestImages);
        var labelsPath = Require(folder, train ? TrainLabels : TestLabels);
        var images = IdxFile.ReadImages(imagesPath);
        if (images.Height != info.Height || images.Width != info.Width)
            throw new DatasetFormatException(imagesPath,
                $"expected {info.Height}x{info.Width} images for {info.Name}, found {images.Height}x{images.Width}");
        var labels = IdxFile.ReadLabels(labelsPath, info.NumClasses);
        if (labels.Count != images.Count)
            throw new DatasetFormatException(labelsPath,
                $"expected {images.Count} labels to match {Path.GetFileName(imagesPath)} ({images.Count} images), found {labels.Count}");
        return ImageSet.FromBytes(images.Pixels, labels.Labels, info);
    }

    static string Require(string folder, string baseName) =>
        Find(folder, baseName) ?? throw new DatasetFormatException(Path.Combine(folder, baseName),
            $"expected {baseName} or {baseName}.gz in {folder}, found neither");
}
