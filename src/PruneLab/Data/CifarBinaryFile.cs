namespace PruneLab.Data;

/// <summary>
/// Reader for the official CIFAR-10 binary version: each file is exactly 10000 records of one label byte followed by
/// a 32x32 image stored channel-first (1024 red, 1024 green, 1024 blue bytes). There is no header, so size and label
/// range are the only checks available and both are strict.
/// </summary>
public static class CifarBinaryFile
{
    public const int RecordsPerFile = 10000;
    public const int ImageBytes = 3 * 32 * 32;
    public const int RecordBytes = ImageBytes + 1;
    public const long FileBytes = (long)RecordsPerFile * RecordBytes;
    public const int NumClasses = 10;

    public static IReadOnlyList<string> TrainFiles { get; } =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string TestFile = "test_batch.bin";

    /// <summary>The six files a usable CIFAR-10 folder must hold.</summary>
    public static IReadOnlyList<string> AllFiles { get; } = [.. TrainFiles, TestFile];

    public static CifarBatch Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Validates and splits the bytes of one file; path is only used for messages.</summary>
    public static CifarBatch Parse(ReadOnlySpan<byte> data, string path)
    {
        CheckSize(data.Length, path);
        var labels = new byte[RecordsPerFile];
        var pixels = new byte[(long)RecordsPerFile * ImageBytes];
        for (var i = 0; i < RecordsPerFile; i++)
        {
            var record = data.Slice(i * RecordBytes, RecordBytes);
            labels[i] = record[0];
            record[1..].CopyTo(pixels.AsSpan(i * ImageBytes, ImageBytes));
        }
        LabelRange.Check(path, labels, NumClasses);
        return new CifarBatch { FilePath = path, Labels = labels, Pixels = pixels };
    }

    /// <summary>Size check alone, so an archive entry of the wrong size is rejected before its bytes are read.</summary>
    internal static void CheckSize(long length, string path)
    {
        if (length == FileBytes) return;
        var records = length % RecordBytes == 0
            ? $"{length / RecordBytes} records"
            : $"{length / RecordBytes} records and {length % RecordBytes} stray bytes";
        var prefix = length < FileBytes ? "truncated: " : "";
        throw new DatasetFormatException(path,
            $"{prefix}expected {FileBytes} bytes ({RecordsPerFile} records of {RecordBytes}), found {length} ({records})");
    }
}
