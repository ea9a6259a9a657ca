using System.Text.Json.Nodes;

namespace PruneLab.Viz;

/// <summary>One panel of a <see cref="Subplots.Row"/>: its title, traces and axes.</summary>
public sealed record Panel(string Title, IReadOnlyList<JsonObject> Traces, JsonObject XAxis, JsonObject YAxis);

/// <summary>
/// Panels side by side in one figure. Panel i draws on axes x{i}/y{i} (the first on x/y), placed by the x axes'
/// domains; each panel's title is an annotation centred above it, as plotly.js has no subplot titles of its own.
/// </summary>
public static class Subplots
{
    /// <summary>
    /// The panels left to right, <paramref name="gap"/> apart as a share of one panel's width (as plotly.js's
    /// layout.grid.xgap).
    /// </summary>
    public static Figure Row(double gap, params Panel[] panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Length == 0) throw new ArgumentException("A row needs at least one panel.", nameof(panels));
        var figure = new Figure();
        var annotations = new JsonArray();
        var width = 1 / (panels.Length + gap * (panels.Length - 1));
        for (var i = 0; i < panels.Length; i++)
        {
            var suffix = i == 0 ? "" : (i + 1).ToString();
            var left = i * width * (1 + gap);
            var right = i == panels.Length - 1 ? 1.0 : left + width;
            foreach (var trace in panels[i].Traces) figure.Add(trace.With(("xaxis", "x" + suffix), ("yaxis", "y" + suffix)));
            figure.WithLayout(
                ("xaxis" + suffix, PlotlyJson.Node(panels[i].XAxis)!.AsObject().With(("domain", new[] { left, right }), ("anchor", "y" + suffix))),
                ("yaxis" + suffix, PlotlyJson.Node(panels[i].YAxis)!.AsObject().With(("anchor", "x" + suffix))));
            annotations.Add(new JsonObject
            {
                ["text"] = panels[i].Title, ["x"] = (left + right) / 2, ["y"] = 1.0, ["xref"] = "paper", ["yref"] = "paper",
                ["xanchor"] = "center", ["yanchor"] = "bottom", ["showarrow"] = false,
            });
        }
        return figure.WithLayout(("annotations", annotations));
    }
}
