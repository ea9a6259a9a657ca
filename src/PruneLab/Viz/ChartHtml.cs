using System.Net;
using System.Text;

namespace PruneLab.Viz;

/// <summary>
/// HTML for <see cref="Figure"/>s: a fragment that draws one chart (for notebook outputs; plotly.js comes from the page
/// or, once per page, from the CDN) and an offline page with plotly.js inlined.
/// </summary>
public static class ChartHtml
{
    public const string HtmlMimeType = "text/html";

    /// <summary>The plotly.js version embedded in this assembly (from the Plotly.Blazor package, see PruneLab.csproj).</summary>
    public const string PlotlyVersion = "3.7.0";

    /// <summary>Where a fragment loads plotly.js from when the page has none: the same version as the embedded one.</summary>
    public const string PlotlyCdnUrl = $"https://cdn.plot.ly/plotly-{PlotlyVersion}.min.js";

    /// <summary>The embedded plotly.js's resource name (LogicalName in PruneLab.csproj).</summary>
    const string PlotlyResource = $"plotly-{PlotlyVersion}.min.js";

    static readonly Lazy<string> Bundled = new(ReadBundledPlotlyJs);

    /// <summary>
    /// A &lt;div&gt; with a unique id and a &lt;script&gt; that draws the chart into it with Plotly.newPlot. Uses
    /// window.Plotly when the page has it; otherwise loads plotly.js from <see cref="PlotlyCdnUrl"/> once per page
    /// (through RequireJS where the page uses it, as classic Jupyter does) and draws when it arrives.
    /// </summary>
    public static string Fragment(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var id = "prunelab-chart-" + Guid.NewGuid().ToString("N");
        return $$"""
            <div id="{{id}}" class="prunelab-chart"></div>
            <script type="text/javascript">
            (function () {
              var id = '{{id}}', url = '{{PlotlyCdnUrl}}';
              var figure = {{ScriptSafeJson(figure)}};
              function draw(Plotly) { Plotly.newPlot(id, figure.data, figure.layout, figure.config); }
              function fail() { document.getElementById(id).textContent = 'plotly.js could not be loaded from ' + url; }
              if (typeof window.Plotly !== 'undefined') { draw(window.Plotly); return; }
              if (typeof window.define === 'function' && window.define.amd && typeof window.requirejs === 'function') {
                var load = window.requirejs.config({ context: 'prunelab-plotly', paths: { plotly: url.replace(/\.js$/, '') } });
                load(['plotly'], draw, fail);
                return;
              }
              if (!window.pruneLabPlotly) {
                window.pruneLabPlotly = new Promise(function (resolve, reject) {
                  var script = document.createElement('script');
                  script.src = url;
                  script.charset = 'utf-8';
                  script.onload = function () { resolve(window.Plotly); };
                  script.onerror = function () { window.pruneLabPlotly = null; reject(); };
                  document.head.appendChild(script);
                });
              }
              window.pruneLabPlotly.then(draw, fail);
            })();
            </script>
            """;
    }

    /// <summary>The minified plotly.js embedded in this assembly (read once), for pages that work offline.</summary>
    public static string PlotlyJs() => Bundled.Value;

    /// <summary>A complete offline page: plotly.js inlined once in the head, then each figure's fragment.</summary>
    public static string Standalone(string title, params Figure[] figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var page = new StringBuilder();
        var encoded = WebUtility.HtmlEncode(title);
        page.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{encoded}}</title>
            <style>body { font-family: {{ChartStyle.FontFamily}}; margin: 24px; color: {{ChartStyle.TextColor}}; }</style>
            <script type="text/javascript">
            """);
        page.Append('\n').Append(PlotlyJs()).Append("\n</script>\n</head>\n<body>\n");
        page.Append($"<h1>{encoded}</h1>\n");
        foreach (var figure in figures) page.Append(Fragment(figure)).Append('\n');
        return page.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>
    /// The figure's {data, layout, config} JSON, safe inside a script element: '&lt;' only occurs inside JSON strings,
    /// where \u003c means the same, so no text in the figure can close the script or open a comment.
    /// </summary>
    static string ScriptSafeJson(Figure figure) =>
        figure.ToJson().Replace("<", "\\u003c").Replace("\u2028", "\\u2028").Replace("\u2029", "\\u2029");

    static string ReadBundledPlotlyJs()
    {
        var assembly = typeof(ChartHtml).Assembly;
        using var stream = assembly.GetManifestResourceStream(PlotlyResource)
            ?? throw new InvalidOperationException(
                $"plotly.js ({PlotlyResource}) is not embedded in {assembly.GetName().Name}; " +
                $"found resources: {string.Join(", ", assembly.GetManifestResourceNames())}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        if (text.Contains("</script", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{PlotlyResource} contains '</script' and cannot be inlined in a page.");
        return text;
    }
}
