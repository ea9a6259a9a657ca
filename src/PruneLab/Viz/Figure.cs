using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PruneLab.Viz;

/// <summary>
/// One chart as plotly.js draws it: the <see cref="Data"/> array of traces, the <see cref="Layout"/> and the
/// <see cref="Config"/> (https://plotly.com/javascript/reference/). PruneLab writes this JSON itself rather than through
/// Plotly.NET, whose F# runtime clashes with the one the .NET Interactive kernel ships. In a notebook, display(figure)
/// draws it inline (<see cref="FigureFormatterSource"/>).
/// </summary>
[TypeFormatterSource(typeof(FigureFormatterSource), PreferredMimeTypes = new[] { ChartHtml.HtmlMimeType })]
public sealed class Figure
{
    static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Figure(IEnumerable<JsonObject> traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        foreach (var trace in traces) Add(trace);
    }

    public Figure(params JsonObject[] traces) : this((IEnumerable<JsonObject>)traces) { }

    /// <summary>The traces, drawn in order (later ones on top).</summary>
    public JsonArray Data { get; } = [];

    public JsonObject Layout { get; } = [];

    /// <summary>Options of the plot itself rather than of the chart (toolbar, responsiveness).</summary>
    public JsonObject Config { get; } = new() { ["responsive"] = true };

    /// <summary>The layout's title text, if any.</summary>
    public string? Title => Layout["title"] is JsonObject title && title["text"] is JsonValue text ? text.ToString() : null;

    public Figure Add(JsonObject trace)
    {
        Data.Add(PlotlyJson.Node(trace));
        return this;
    }

    /// <summary>Sets layout properties (a later value for a key replaces the earlier one).</summary>
    public Figure WithLayout(params (string Key, object? Value)[] properties)
    {
        Layout.With(properties);
        return this;
    }

    public Figure WithConfig(params (string Key, object? Value)[] properties)
    {
        Config.With(properties);
        return this;
    }

    /// <summary>The {data, layout, config} object Plotly.newPlot takes, as compact JSON.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("data");
            Data.WriteTo(writer);
            writer.WritePropertyName("layout");
            Layout.WriteTo(writer);
            writer.WritePropertyName("config");
            Config.WriteTo(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The HTML fragment that draws this figure (<see cref="ChartHtml.Fragment"/>).</summary>
    public string ToHtml() => ChartHtml.Fragment(this);

    /// <summary>A short plain description, for text outputs: the title, or how many traces the figure holds.</summary>
    public override string ToString() =>
        Title is { Length: > 0 } title ? $"Figure: {title}" : $"Figure with {Data.Count} trace{(Data.Count == 1 ? "" : "s")}";
}
