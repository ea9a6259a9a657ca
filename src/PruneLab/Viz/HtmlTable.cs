using System.Net;
using System.Text;

namespace PruneLab.Viz;

/// <summary>A plain HTML table for notebook outputs (display(HTML(...)) in a cell), cells HTML-encoded.</summary>
public static class HtmlTable
{
    public static string Of(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        var sb = new StringBuilder("<table style=\"border-collapse:collapse\">");
        if (caption is not null) sb.Append("<caption style=\"text-align:left;font-weight:bold\">").Append(WebUtility.HtmlEncode(caption)).Append("</caption>");
        sb.Append("<tr>").Append(string.Concat(headers.Select(h => $"<th style=\"border:1px solid #ccc;padding:2px 8px\">{WebUtility.HtmlEncode(h)}</th>"))).Append("</tr>");
        foreach (var row in rows)
            sb.Append("<tr>").Append(string.Concat(row.Select(c => $"<td style=\"border:1px solid #ccc;padding:2px 8px\">{WebUtility.HtmlEncode(c)}</td>"))).Append("</tr>");
        return sb.Append("</table>").ToString();
    }
}
