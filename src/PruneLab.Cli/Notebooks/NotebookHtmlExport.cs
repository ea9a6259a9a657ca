using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PruneLab.Cli.Notebooks;

/// <summary>
/// An executed notebook as one offline HTML page: plotly.js inlined once, Markdown rendered, code and outputs in order.
/// Script errors on the page are collected into #prunelab-errors, which the headless-browser check reads.
/// </summary>
public static class NotebookHtmlExport
{
    public const string ErrorsElement = "prunelab-errors";

    public static string Render(NotebookDocument doc, string title)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n");
        sb.Append("<script>window.__prunelabErrors=[];window.addEventListener('error',function(e){window.__prunelabErrors.push(String(e.message));")
          .Append($"var el=document.getElementById('{ErrorsElement}');if(el)el.textContent=window.__prunelabErrors.join('\\n');}});</script>\n");
        sb.Append("<script>").Append(PruneLab.Viz.ChartHtml.PlotlyJs()).Append("</script>\n");
        sb.Append("<style>").Append(Style).Append("</style></head><body>\n");
        sb.Append("<h1 class=\"nb-title\">").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n");
        foreach (var cell in doc.Cells)
        {
            if (cell.Kind == "markdown") sb.Append("<div class=\"md\">").Append(MarkdownLite.ToHtml(cell.Source)).Append("</div>\n");
            else if (cell.IsCode)
            {
                sb.Append("<div class=\"cell\"><div class=\"prompt\">[").Append(cell.ExecutionCount?.ToString() ?? " ").Append("]</div>");
                sb.Append("<pre class=\"code\"><code>").Append(WebUtility.HtmlEncode(cell.Source)).Append("</code></pre>");
                foreach (var output in cell.Outputs.OfType<JsonObject>()) sb.Append(Output(output));
                sb.Append("</div>\n");
            }
        }
        sb.Append($"<pre id=\"{ErrorsElement}\"></pre>\n</body></html>\n");
        return sb.ToString();
    }

    static string Output(JsonObject output)
    {
        static string Text(JsonNode? node) => node switch
        {
            JsonArray a => string.Concat(a.Select(x => (string?)x)),
            JsonValue v => (string?)v ?? "",
            _ => "",
        };
        switch ((string?)output["output_type"])
        {
            case "stream":
                return $"<pre class=\"out {(string?)output["name"]}\">{WebUtility.HtmlEncode(Text(output["text"]))}</pre>";
            case "error":
                return $"<pre class=\"out error\">{WebUtility.HtmlEncode(string.Join('\n', (output["traceback"] as JsonArray ?? []).Select(x => (string?)x)))}</pre>";
            default:
                var data = output["data"] as JsonObject;
                if (data?["text/html"] is { } html) return $"<div class=\"out html\">{Text(html)}</div>";
                return $"<pre class=\"out\">{WebUtility.HtmlEncode(Text(data?["text/plain"]))}</pre>";
        }
    }

    const string Style = """
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
        .md h1,.md h2,.md h3{margin-top:1.4em} .md code,pre{font-family:ui-monospace,Consolas,monospace;font-size:13px}
        .cell{margin:1em 0;border-left:3px solid #4c72b0;padding-left:.8em} .prompt{color:#888;font-size:12px}
        pre.code{background:#f6f8fa;padding:.6em;overflow-x:auto;margin:.2em 0} pre.out{margin:.2em 0;white-space:pre-wrap}
        pre.stderr{color:#a35} pre.error{color:#b00;background:#fee;padding:.5em}
        table{border-collapse:collapse;margin:.5em 0} td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
        #prunelab-errors:empty{display:none} #prunelab-errors{color:#b00}
        """;
}
