namespace PruneLab.Data;

/// <summary>
/// A folder holding the six CIFAR-10 binary files, either directly or in the official cifar-10-batches-bin subfolder.
/// </summary>
public static class CifarFiles
{
    public const string ArchiveSubfolder = "cifar-10-batches-bin";

    /// <summary>The folder that actually holds the .bin files: the folder itself or its official subfolder; null if neither.</summary>
    public static string? Resolve(string folder)
    {
        if (Missing(folder).Count == 0) return folder;
        var sub = Path.Combine(folder, ArchiveSubfolder);
        return Missing(sub).Count == 0 ? sub : null;
    }

    /// <summary>File names of the six that the folder lacks.</summary>
    public static IReadOnlyList<string> Missing(string folder) =>
        CifarBinaryFile.AllFiles.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();

    public static ImageSet LoadSplit(string folder, bool train)
    {
        IReadOnlyList<string> files = train ? CifarBinaryFile.TrainFiles : [CifarBinaryFile.TestFile];
        var info = DatasetInfo.Cifar10;
        var count = files.Count * CifarBinaryFile.RecordsPerFile;
        var labels = new byte[count];
        var pixels = new byte[(long)count * CifarBinaryFile.ImageBytes];
        for (var f = 0; f < files.Count; f++)
        {
            var path = Path.Combine(folder, files[f]);
            if (!File.Exists(path))
                throw new DatasetFormatException(path, $"expected the CIFAR-10 file {files[f]} in {folder}, found nothing");
            var batch = CifarBinaryFile.Read(path);
            batch.Labels.CopyTo(labels, f * CifarBinaryFile.RecordsPerFile);
            batch.Pixels.CopyTo(pixels, (long)f * CifarBinaryFile.RecordsPerFile * CifarBinaryFile.ImageBytes);
        }
        return ImageSet.FromBytes(pixels, labels, info);
    }
}
