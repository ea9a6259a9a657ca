using PruneLab.Viz;

namespace PruneLab.Tests.Viz;

public sealed class PngEncoderTests
{
    [Fact]
    public void Should_Compute_The_Crc_Every_Png_Ends_With()
    {
        // Every PNG's IEND chunk (no data) carries this CRC.
        Assert.Equal(0xAE426082u, PngEncoder.Crc32("IEND"u8.ToArray(), []));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Should_Write_Pixels_That_Read_Back_Unchanged(int channels)
    {
        const int width = 7, height = 5;
        var pixels = new byte[width * height * channels];
        new Random(3).NextBytes(pixels);

        var image = PngReader.Read(PngEncoder.Encode(pixels, width, height, channels));

        Assert.Equal((width, height, channels), (image.Width, image.Height, image.Channels));
        Assert.Equal(pixels, image.Pixels);
    }

    [Fact]
    public void Should_Reject_Pixels_That_Do_Not_Fill_The_Image()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(new byte[10], 3, 3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngEncoder.Encode(new byte[36], 3, 3, 4));
    }
}
