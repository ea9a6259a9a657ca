using System.Net;
using System.Text.Json.Nodes;
using PruneLab.Data;
using static TorchSharp.torch;

namespace PruneLab.Viz;

/// <summary>
/// The first images of a set as one grid, captioned with their labels (and predictions, wrong ones in red and framed).
/// The grid is one PNG data URI drawn by a plotly.js image trace: about 1 byte per pixel, not a JSON array of them.
/// </summary>
public static class ImageGrid
{
    const int TargetTilePixels = 84;  // each image is drawn about this many screen pixels wide
    const int CaptionLinePixels = 14; // screen pixels per caption line (11 px font)
    const int Gap = 2;                // image pixels between tiles

    /// <summary>
    /// A grid of the first <paramref name="count"/> images (fewer if the set is smaller), <paramref name="columns"/> per
    /// row; grey for 1-channel sets, RGB for 3. <paramref name="classNames"/> defaults to the set's own.
    /// </summary>
    public static Figure Of(ImageSet set, int count, IReadOnlyList<string>? classNames = null,
        IReadOnlyList<int>? predictions = null, int columns = 8, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"at least one image, found {count}");
        var info = set.Info;
        if (info.Channels is not (1 or 3))
            throw new NotSupportedException($"ImageGrid draws 1- or 3-channel images, {info.Name} has {info.Channels}.");
        var n = Math.Min(count, set.Count);
        if (n == 0) throw new ArgumentException("The set holds no images.", nameof(set));
        if (predictions is not null && predictions.Count < n)
            throw new ArgumentException($"{n} images need {n} predictions, found {predictions.Count}.", nameof(predictions));
        classNames ??= info.ClassNames;

        var scale = Math.Max(1, (int)Math.Round((double)TargetTilePixels / Math.Max(info.Width, info.Height)));
        var lines = predictions is null ? 1 : 2;
        var band = (lines * CaptionLinePixels + scale - 1) / scale + 1;
        var montage = ImageMontage.Compose(FirstImages(set, n), n, info.Channels, info.Height, info.Width, columns, Gap, band);
        var png = PngEncoder.Encode(montage.Pixels, montage.Width, montage.Height, montage.Channels);

        var captions = Enumerable.Range(0, n).Select(i => Caption(montage, i, set.LabelArray[i], predictions?[i], classNames)).ToList();
        var wrong = Enumerable.Range(0, n).Where(i => predictions is not null && predictions[i] != set.LabelArray[i]).ToList();
        title ??= predictions is null
            ? $"{info.Name}: the first {n} images and their labels"
            : $"{info.Name}: {n - wrong.Count} of {n} predicted right; wrong in red (true label, ✗ prediction)";

        var figure = new Figure(Trace.Image("data:image/png;base64," + Convert.ToBase64String(png), "images").With(("hoverinfo", "skip")));
        figure.WithLayout(("annotations", captions));
        if (wrong.Count > 0) figure.WithLayout(("shapes", wrong.Select(i => Frame(montage, i)).ToArray()));
        ChartStyle.Apply(figure, title, montage.Width * scale + 20, montage.Height * scale + 60);
        figure.WithLayout(
            ("margin", new { l = 10, r = 10, t = 50, b = 10 }),
            ("title", new { text = title, font = new { size = 14 } }),
            ("xaxis", new { visible = false, range = new[] { -0.5, montage.Width - 0.5 } }),
            ("yaxis", new { visible = false, range = new[] { montage.Height - 0.5, -0.5 }, scaleanchor = "x" }));
        // No zoom/pan toolbar: it would cover the title, and a grid of thumbnails has nothing to explore.
        return figure.WithConfig(("displayModeBar", false));
    }

    static byte[] FirstImages(ImageSet set, int n)
    {
        using var scope = NewDisposeScope();
        return set.Images.narrow(0, 0, n).cpu().contiguous().data<byte>().ToArray();
    }

    static JsonObject Caption(ImageMontage montage, int index, long label, int? prediction, IReadOnlyList<string> classNames)
    {
        var (left, top) = montage.TileOrigin(index);
        var truth = Name(classNames, label);
        var isWrong = prediction is { } p && p != label;
        var text = prediction is null ? truth
            : isWrong ? $"{truth}<br>✗ {Name(classNames, prediction.Value)}"
            : $"{truth}<br>✓";
        var hover = $"image {index}: {truth}" + (prediction is null ? "" : $", predicted {Name(classNames, prediction.Value)}");
        return new JsonObject().With(
            ("x", left + (montage.TileWidth - 1) / 2.0), ("y", top - 0.5),
            ("xanchor", "center"), ("yanchor", "bottom"), ("showarrow", false),
            ("text", text), ("hovertext", hover),
            ("font", new { size = 11, color = isWrong ? ChartStyle.WrongColor : ChartStyle.TextColor }));
    }

    static JsonObject Frame(ImageMontage montage, int index)
    {
        var (left, top) = montage.TileOrigin(index);
        return new JsonObject().With(
            ("type", "rect"), ("xref", "x"), ("yref", "y"),
            ("x0", left - 0.5), ("x1", left + montage.TileWidth - 0.5),
            ("y0", top - 0.5), ("y1", top + montage.TileHeight - 0.5),
            ("line", new { color = ChartStyle.WrongColor, width = 2 }));
    }

    static string Name(IReadOnlyList<string> classNames, long index) =>
        WebUtility.HtmlEncode(index >= 0 && index < classNames.Count ? classNames[(int)index] : index.ToString());
}
