using System.Text.Json;
using PruneLab.Data;
using PruneLab.Tests.Data;
using PruneLab.Viz;
using static TorchSharp.torch;

namespace PruneLab.Tests.Viz;

public sealed class ImageGridTests
{
    static PngReader.Image Png(JsonElement figure)
    {
        var source = figure.Traces().Single().GetProperty("source").GetString()!;
        const string prefix = "data:image/png;base64,";
        Assert.StartsWith(prefix, source);
        return PngReader.Read(Convert.FromBase64String(source[prefix.Length..]));
    }

    static JsonElement[] Annotations(JsonElement figure) =>
        figure.Layout().GetProperty("annotations").EnumerateArray().ToArray();

    [Theory]
    [InlineData(DatasetInfo.FashionMnistName)]
    [InlineData(DatasetInfo.Cifar10Name)]
    public void Should_Draw_Every_Image_Pixel_For_Pixel_In_Its_Tile(string dataset)
    {
        var info = DatasetInfo.ForName(dataset);
        using var set = IndexedSet.Create(20, info: info);

        var image = Png(FigureJson.Of(ImageGrid.Of(set, 11, columns: 4)));

        Assert.Equal(info.Channels, image.Channels);
        var pixels = set.Images.data<byte>().ToArray();
        // the grid is 4 tiles wide, 3 rows high; find each tile from the canvas size, not from the code under test
        var gap = (image.Width - 4 * info.Width) / 3;
        var band = (image.Height - 2 * gap) / 3 - info.Height;
        Assert.Equal(image.Width, 4 * info.Width + 3 * gap);
        Assert.Equal(image.Height, 3 * (band + info.Height) + 2 * gap);
        for (var i = 0; i < 11; i++)
        {
            int left = i % 4 * (info.Width + gap), top = i / 4 * (band + info.Height + gap) + band;
            for (var c = 0; c < info.Channels; c++)
            for (var y = 0; y < info.Height; y++)
            for (var x = 0; x < info.Width; x++)
                Assert.Equal(pixels[((i * info.Channels + c) * info.Height + y) * info.Width + x], image.At(left + x, top + y, c));
        }
        Assert.Equal(255, image.At(image.Width - 1, image.Height - 1, 0)); // no 12th image
    }

    [Fact]
    public void Should_Caption_Each_Image_With_Its_Class_Name()
    {
        using var set = IndexedSet.Create(12, label: i => (i * 3) % 10);

        var figure = FigureJson.Of(ImageGrid.Of(set, 12));

        var captions = Annotations(figure).Select(a => a.GetProperty("text").GetString()).ToArray();
        Assert.Equal(set.LabelArray.Select(l => DatasetInfo.FashionMnist.ClassNames[(int)l]), captions);
        Assert.False(figure.Layout().TryGetProperty("shapes", out _));
    }

    [Fact]
    public void Should_Use_Given_Class_Names()
    {
        using var set = IndexedSet.Create(3);
        string[] names = ["zero", "one", "two", "3", "4", "5", "6", "7", "8", "9"];

        var figure = FigureJson.Of(ImageGrid.Of(set, 3, names));

        Assert.Equal(["zero", "one", "two"], Annotations(figure).Select(a => a.GetProperty("text").GetString()));
    }

    [Fact]
    public void Should_Mark_Wrong_Predictions_In_Red_With_A_Frame()
    {
        using var set = IndexedSet.Create(6);                 // labels 0..5
        int[] predictions = [0, 1, 7, 3, 4, 9];               // images 2 and 5 wrong

        var figure = FigureJson.Of(ImageGrid.Of(set, 6, predictions: predictions));

        var captions = Annotations(figure);
        var names = DatasetInfo.FashionMnist.ClassNames;
        Assert.Equal($"{names[2]}<br>✗ {names[7]}", captions[2].GetProperty("text").GetString());
        Assert.Equal($"{names[1]}<br>✓", captions[1].GetProperty("text").GetString());
        var red = captions.Select((a, i) => (a, i))
            .Where(p => p.a.GetProperty("font").GetProperty("color").GetString() == ChartStyle.WrongColor).Select(p => p.i);
        Assert.Equal([2, 5], red);
        Assert.Equal(2, figure.Layout().GetProperty("shapes").GetArrayLength());
        Assert.Contains("4 of 6 predicted right", figure.Layout().GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Should_Stay_Small_For_32_Images()
    {
        using var set = IndexedSet.Create(40);                // random pixels: the worst case for compression

        var html = ChartHtml.Fragment(ImageGrid.Of(set, 32));

        Assert.Equal(32, Annotations(FigureJson.InFragment(html)).Length);
        Assert.True(html.Length < 60_000, $"32 images take {html.Length} chars of HTML");
    }

    [Fact]
    public void Should_Draw_Only_The_Images_The_Set_Has()
    {
        using var set = IndexedSet.Create(5);

        Assert.Equal(5, Annotations(FigureJson.Of(ImageGrid.Of(set, 32))).Length);
    }

    [Fact]
    public void Should_Reject_Too_Few_Predictions()
    {
        using var set = IndexedSet.Create(10);

        Assert.Throws<ArgumentException>(() => ImageGrid.Of(set, 8, predictions: [1, 2, 3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Of(set, 0));
    }
}
