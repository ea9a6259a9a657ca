namespace PruneLab.Viz;

/// <summary>
/// The formatters .NET Interactive uses for a <see cref="Figure"/>, found through <see cref="TypeFormatterSourceAttribute"/>:
/// text/html draws the figure (<see cref="ChartHtml.Fragment"/>), text/plain names it (<see cref="Figure.ToString"/>)
/// instead of dumping its JSON nodes. The kernel calls these members by name.
/// </summary>
internal sealed class FigureFormatterSource
{
    public const string PlainTextMimeType = "text/plain";

    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new FigureFormatter(ChartHtml.HtmlMimeType, figure => figure.ToHtml()),
        new FigureFormatter(PlainTextMimeType, figure => figure.ToString()),
    ];
}

/// <summary>Writes a figure as one MIME type; declines anything else.</summary>
internal sealed class FigureFormatter(string mimeType, Func<Figure, string> text)
{
    public string MimeType => mimeType;

    public bool Format(object instance, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (instance is not Figure figure) return false;
        writer.Write(text(figure));
        return true;
    }
}
