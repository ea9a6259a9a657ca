namespace PruneLab.Viz;

/// <summary>
/// Images laid out on one white canvas, <see cref="Columns"/> per row, each with a band of <see cref="Band"/> blank
/// rows above it for its caption and <see cref="Gap"/> blank pixels between tiles. Pixels are interleaved (HWC).
/// </summary>
internal sealed record ImageMontage(byte[] Pixels, int Width, int Height, int Channels,
    int TileWidth, int TileHeight, int Columns, int Gap, int Band, int Count)
{
    /// <summary>Top-left pixel of image <paramref name="index"/> on the canvas.</summary>
    public (int Left, int Top) TileOrigin(int index) =>
        (index % Columns * (TileWidth + Gap), index / Columns * (Band + TileHeight + Gap) + Band);

    /// <summary>Lays out the first <paramref name="count"/> images of planar uint8 data [N, C, H, W].</summary>
    public static ImageMontage Compose(byte[] planar, int count, int channels, int height, int width, int columns, int gap, int band)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"at least one image, found {count}");
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), $"at least one column, found {columns}");
        var imageBytes = channels * height * width;
        if (planar.Length < (long)count * imageBytes)
            throw new ArgumentException($"{count} images of {imageBytes} bytes need {count * imageBytes} bytes, found {planar.Length}", nameof(planar));

        columns = Math.Min(columns, count);
        var rows = (count + columns - 1) / columns;
        var canvasWidth = columns * width + (columns - 1) * gap;
        var canvasHeight = rows * (band + height) + (rows - 1) * gap;
        var pixels = new byte[canvasWidth * canvasHeight * channels];
        Array.Fill(pixels, (byte)255);
        var montage = new ImageMontage(pixels, canvasWidth, canvasHeight, channels, width, height, columns, gap, band, count);
        for (var i = 0; i < count; i++)
        {
            var (left, top) = montage.TileOrigin(i);
            for (var c = 0; c < channels; c++)
            for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                pixels[((top + y) * canvasWidth + left + x) * channels + c] = planar[i * imageBytes + (c * height + y) * width + x];
        }
        return montage;
    }
}
