using PruneLab.Data;

namespace PruneLab.Tests.Data;

public sealed class IdxFileTests : IDisposable
{
    readonly TempFolder _temp = new("idx");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_Round_Trip_Images_And_Labels_Plain_Or_Gzipped(bool gzip)
    {
        var images = IdxWriter.Images(5, 3, 4);
        var imagesPath = IdxWriter.Write(_temp.File("imgs" + (gzip ? ".gz" : "")), images, gzip);
        var labelsPath = IdxWriter.Write(_temp.File("lbls" + (gzip ? ".gz" : "")), IdxWriter.Labels([3, 1, 4, 1, 5]), gzip);

        var read = IdxFile.ReadImages(imagesPath);
        var labels = IdxFile.ReadLabels(labelsPath);

        Assert.Equal((5, 3, 4), (read.Count, read.Height, read.Width));
        Assert.Equal(images.AsSpan(16).ToArray(), read.Pixels);
        Assert.Equal(new byte[] { 3, 1, 4, 1, 5 }, labels.Labels);
        Assert.Equal(5, labels.Count);
    }

    [Fact]
    public void Should_Detect_Gzip_By_Header_Not_Extension()
    {
        var gzipNoExtension = IdxWriter.Write(_temp.File("train-images-idx3-ubyte"), IdxWriter.Images(2, 2, 2), gzip: true);
        var plainWithGzExtension = IdxWriter.Write(_temp.File("labels.gz"), IdxWriter.Labels([7, 8]), gzip: false);

        Assert.Equal(2, IdxFile.ReadImages(gzipNoExtension).Count);
        Assert.Equal(new byte[] { 7, 8 }, IdxFile.ReadLabels(plainWithGzExtension).Labels);
    }

    [Fact]
    public void Should_Reject_Wrong_Magic_Naming_File_And_Both_Magics()
    {
        var path = IdxWriter.Write(_temp.File("train-images-idx3-ubyte.gz"), IdxWriter.Labels([1, 2]), gzip: true);

        var e = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadImages(path));

        Assert.Equal(path, e.FilePath);
        Assert.StartsWith("train-images-idx3-ubyte.gz: expected magic 0x00000803 (IDX uint8 images), found 0x00000801", e.Message);
    }

    [Fact]
    public void Should_Reject_Truncated_Image_File()
    {
        var full = IdxWriter.Images(10, 28, 28);
        var path = IdxWriter.Write(_temp.File("imgs"), full.AsSpan(0, 1000).ToArray(), gzip: false);

        var e = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadImages(path));

        Assert.Equal(path, e.FilePath);
        Assert.Contains("truncated: expected 7856 bytes for 10 images of 28x28, found 1000", e.Message);
    }

    [Fact]
    public void Should_Reject_Trailing_Data_And_A_Header_Shorter_Than_Sixteen_Bytes()
    {
        var longer = IdxWriter.Write(_temp.File("long"), [.. IdxWriter.Labels([1]), 0, 0], gzip: false);
        var stub = IdxWriter.Write(_temp.File("stub"), IdxWriter.Images(1, 1, 1).AsSpan(0, 10).ToArray(), gzip: false);

        Assert.Contains("expected 9 bytes for 1 labels, found 11", Assert.Throws<DatasetFormatException>(() => IdxFile.ReadLabels(longer)).Message);
        Assert.Contains("expected an IDX header of 16 bytes", Assert.Throws<DatasetFormatException>(() => IdxFile.ReadImages(stub)).Message);
    }

    [Fact]
    public void Should_Reject_Label_Out_Of_Range_With_Its_Record()
    {
        var path = IdxWriter.Write(_temp.File("lbls"), IdxWriter.Labels([0, 1, 2, 3, 4, 12, 6]), gzip: false);

        var e = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadLabels(path));

        Assert.Contains("label 12 at record 5 out of range 0..9", e.Message);
    }

    [Fact]
    public void Should_Reject_A_Corrupt_Gzip_Stream_As_A_Format_Error()
    {
        var good = File.ReadAllBytes(IdxWriter.Write(_temp.File("ok.gz"), IdxWriter.Images(50, 28, 28), gzip: true));
        var path = _temp.File("bad.gz");
        File.WriteAllBytes(path, [.. good.AsSpan(0, 10), .. Enumerable.Repeat((byte)0xFF, 200)]);

        var e = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadImages(path));

        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public void Should_Reject_Image_And_Label_Count_Mismatch_Naming_Both_Files()
    {
        var folder = _temp.Sub("fm");
        IdxWriter.WriteFashionFolder(folder, train: 20, test: 10, gzip: true);
        IdxWriter.Write(Path.Combine(folder, "train-labels-idx1-ubyte.gz"), IdxWriter.Labels(IdxWriter.Balanced(19)), gzip: true);

        var e = Assert.Throws<DatasetFormatException>(() => FashionMnistFiles.LoadSplit(folder, train: true));

        Assert.EndsWith("train-labels-idx1-ubyte.gz", e.FilePath);
        Assert.Contains("expected 20 labels to match train-images-idx3-ubyte.gz (20 images), found 19", e.Message);
    }

    [Fact]
    public void Should_Reject_Images_Of_The_Wrong_Size_For_Fashion_Mnist()
    {
        var folder = _temp.Sub("fm");
        IdxWriter.WriteFashionFolder(folder, train: 20, test: 10, gzip: false);
        IdxWriter.Write(Path.Combine(folder, "t10k-images-idx3-ubyte"), IdxWriter.Images(10, 32, 32), gzip: false);

        var e = Assert.Throws<DatasetFormatException>(() => FashionMnistFiles.LoadSplit(folder, train: false));

        Assert.Contains("expected 28x28 images for fashion-mnist, found 32x32", e.Message);
    }

    [Fact]
    public void Should_Load_A_Split_As_Uint8_NCHW_With_Int64_Labels()
    {
        var folder = _temp.Sub("fm");
        IdxWriter.WriteFashionFolder(folder, train: 30, test: 10, gzip: false);

        using var set = FashionMnistFiles.LoadSplit(folder, train: true);

        Assert.Equal(new long[] { 30, 1, 28, 28 }, set.Images.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Byte, set.Images.dtype);
        Assert.Equal(TorchSharp.torch.ScalarType.Int64, set.Labels.dtype);
        Assert.Equal(IdxWriter.Balanced(30).Select(b => (long)b), set.LabelArray);
        // image 2, row 1, column 3 = offset 31 in the writer's pattern
        Assert.Equal((2 * 7 + 31) % 256, set.Images[2, 0, 1, 3].item<byte>());
    }
}
