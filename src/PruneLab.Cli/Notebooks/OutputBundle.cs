using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace PruneLab.Cli.Notebooks;

/// <summary>A value as a Jupyter MIME bundle: text/html where the value has an HTML form, always text/plain.</summary>
public static class OutputBundle
{
    public static JsonObject For(object? value)
    {
        var plain = value switch
        {
            null => "null",
            GenericChart => "[chart]",
            HtmlContent => "[html]",
            _ => value.ToString() ?? "",
        };
        var bundle = new JsonObject();
        var html = value switch
        {
            null or string => null,
            HtmlContent h => h.Html,
            _ => PruneLab.Viz.ChartFormatter.ToHtml(value),
        };
        if (html is not null) bundle["text/html"] = html;
        bundle["text/plain"] = plain;
        return bundle;
    }
}
