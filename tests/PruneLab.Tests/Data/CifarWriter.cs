using PruneLab.Data;

namespace PruneLab.Tests.Data;

/// <summary>Builds official-size CIFAR-10 binary files with a recognisable pattern (label i%10, pixels from file/record/offset).</summary>
static class CifarWriter
{
    public static byte Pixel(int file, int record, int offset) => (byte)((file * 31 + record * 7 + offset) % 251);

    public static byte Label(int file, int record) => (byte)((record + file) % 10);

    public static byte[] File(int file, int records = CifarBinaryFile.RecordsPerFile)
    {
        var data = new byte[(long)records * CifarBinaryFile.RecordBytes];
        for (var r = 0; r < records; r++)
        {
            var at = r * CifarBinaryFile.RecordBytes;
            data[at] = Label(file, r);
            for (var p = 0; p < CifarBinaryFile.ImageBytes; p++) data[at + 1 + p] = Pixel(file, r, p);
        }
        return data;
    }

    /// <summary>The six files in a folder; file index 0..4 are the train batches, 5 the test batch.</summary>
    public static void WriteFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        for (var f = 0; f < CifarBinaryFile.AllFiles.Count; f++)
            System.IO.File.WriteAllBytes(Path.Combine(folder, CifarBinaryFile.AllFiles[f]), File(f));
    }
}
