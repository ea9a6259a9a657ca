using PruneLab.Data;

namespace PruneLab.Tests.Data;

public sealed class CifarBinaryFileTests : IDisposable
{
    readonly TempFolder _temp = new("cifarbin");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Should_Split_Labels_From_Channel_First_Pixels()
    {
        var path = _temp.File("data_batch_3.bin");
        File.WriteAllBytes(path, CifarWriter.File(2));

        var batch = CifarBinaryFile.Read(path);

        Assert.Equal(10000, batch.Count);
        Assert.Equal(CifarWriter.Label(2, 9999), batch.Labels[9999]);
        Assert.Equal(10000L * 3072, batch.Pixels.LongLength);
        // record 17: R plane at 0, G plane at 1024, B plane at 2048
        foreach (var offset in new[] { 0, 1024, 2048, 3071 })
            Assert.Equal(CifarWriter.Pixel(2, 17, offset), batch.Pixels[17 * 3072 + offset]);
    }

    [Fact]
    public void Should_Reject_Wrong_Record_Count_With_Expected_And_Found_Sizes()
    {
        var data = CifarWriter.File(0, records: 10001);

        var e = Assert.Throws<DatasetFormatException>(() => CifarBinaryFile.Parse(data, "/x/data_batch_1.bin"));

        Assert.Equal("/x/data_batch_1.bin", e.FilePath);
        Assert.StartsWith("data_batch_1.bin: expected 30730000 bytes (10000 records of 3073), found 30733073 (10001 records)", e.Message);
    }

    [Fact]
    public void Should_Reject_Truncated_File()
    {
        var path = _temp.File("test_batch.bin");
        File.WriteAllBytes(path, CifarWriter.File(5).AsSpan(0, 5000).ToArray());

        var e = Assert.Throws<DatasetFormatException>(() => CifarBinaryFile.Read(path));

        Assert.Equal(path, e.FilePath);
        Assert.Contains("test_batch.bin: truncated: expected 30730000 bytes (10000 records of 3073), found 5000 (1 records and 1927 stray bytes)", e.Message);
    }

    [Fact]
    public void Should_Reject_Label_Out_Of_Range_With_Its_Record()
    {
        var data = CifarWriter.File(0);
        data[5 * CifarBinaryFile.RecordBytes] = 12;

        var e = Assert.Throws<DatasetFormatException>(() => CifarBinaryFile.Parse(data, "data_batch_1.bin"));

        Assert.Contains("label 12 at record 5 out of range 0..9", e.Message);
    }
}
