using System.Net;
using System.Text;
using Plotly.NET;

namespace PruneLab.Viz;

/// <summary>
/// HTML for Plotly.NET charts without Plotly.NET's own page template: a fragment that draws one chart (for notebook
/// outputs; plotly.js comes from the page or, once per page, from the CDN) and an offline page with plotly.js inlined.
/// </summary>
public static class ChartHtml
{
    /// <summary>The plotly.js version bundled with (and drawn by) the referenced Plotly.NET.</summary>
    public static string PlotlyVersion => global::Globals.PLOTLYJS_VERSION;

    /// <summary>Where a fragment loads plotly.js from when the page has none: the same file Plotly.NET links to.</summary>
    public static string PlotlyCdnUrl => $"https://cdn.plot.ly/plotly-{PlotlyVersion}.min.js";

    static readonly Lazy<string> Bundled = new(ReadBundledPlotlyJs);

    /// <summary>
    /// A &lt;div&gt; with a unique id and a &lt;script&gt; that draws the chart into it with Plotly.newPlot. Uses
    /// window.Plotly when the page has it; otherwise loads plotly.js from <see cref="PlotlyCdnUrl"/> once per page
    /// (through RequireJS where the page uses it, as classic Jupyter does) and draws when it arrives.
    /// </summary>
    public static string Fragment(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var id = "prunelab-chart-" + Guid.NewGuid().ToString("N");
        return $$"""
            <div id="{{id}}" class="prunelab-chart"></div>
            <script type="text/javascript">
            (function () {
              var id = '{{id}}', url = '{{PlotlyCdnUrl}}';
              var figure = {{ScriptSafeJson(chart)}};
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

    /// <summary>The minified plotly.js embedded in the Plotly.NET assembly (read once), for pages that work offline.</summary>
    public static string PlotlyJs() => Bundled.Value;

    /// <summary>A complete offline page: plotly.js inlined once in the head, then each chart's fragment.</summary>
    public static string Standalone(string title, params GenericChart[] charts)
    {
        ArgumentNullException.ThrowIfNull(charts);
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
        foreach (var chart in charts) page.Append(Fragment(chart)).Append('\n');
        return page.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>
    /// The chart's {data, layout, config} JSON, safe inside a script element: '&lt;' only occurs inside JSON strings,
    /// where \u003c means the same, so no text in the chart can close the script or open a comment.
    /// </summary>
    static string ScriptSafeJson(GenericChart chart) =>
        GenericChart.toJson(chart).Replace("<", "\\u003c").Replace("\u2028", "\\u2028").Replace("\u2029", "\\u2029");

    static string ReadBundledPlotlyJs()
    {
        var assembly = typeof(GenericChart).Assembly;
        var suffix = $"plotly-{PlotlyVersion}.min.js";
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(suffix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException(
                $"plotly.js ({suffix}) is not embedded in {assembly.GetName().Name} {assembly.GetName().Version}; " +
                $"found resources: {string.Join(", ", assembly.GetManifestResourceNames())}.");
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Resource {name} of {assembly.GetName().Name} could not be opened.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        if (text.Contains("</script", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{name} contains '</script' and cannot be inlined in a page.");
        return text;
    }
}
