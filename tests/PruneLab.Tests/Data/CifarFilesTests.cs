using PruneLab.Data;

namespace PruneLab.Tests.Data;

[Collection(CifarCollection.Name)]
public sealed class CifarFilesTests
{
    readonly CifarFixture _cifar;

    public CifarFilesTests(CifarFixture cifar) => _cifar = cifar;

    [Fact]
    public void Should_Load_Train_And_Test_Splits_Channel_First_In_File_Order()
    {
        using var train = CifarFiles.LoadSplit(_cifar.Folder, train: true);
        using var test = CifarFiles.LoadSplit(_cifar.Folder, train: false);

        Assert.Equal(new long[] { 50000, 3, 32, 32 }, train.Images.shape);
        Assert.Equal(new long[] { 10000, 3, 32, 32 }, test.Images.shape);
        // image 20007 is record 7 of data_batch_3 (file index 2); green plane, row 1, column 2 = offset 1024+34
        Assert.Equal(CifarWriter.Label(2, 7), train.LabelArray[20007]);
        Assert.Equal(CifarWriter.Pixel(2, 7, 1024 + 34), train.Images[20007, 1, 1, 2].item<byte>());
        Assert.Equal(CifarWriter.Pixel(5, 9999, 3071), test.Images[9999, 2, 31, 31].item<byte>());
    }

    [Fact]
    public void Should_Resolve_The_Folder_Itself_Or_Its_Official_Subfolder()
    {
        Assert.Equal(_cifar.Folder, CifarFiles.Resolve(_cifar.Folder));
        Assert.Null(CifarFiles.Resolve(_cifar.Root));
        Assert.Equal(CifarBinaryFile.AllFiles, CifarFiles.Missing(Path.Combine(_cifar.Root, "nowhere")));
    }
}
