using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PruneLab.Cli.Notebooks;

/// <summary>
/// The Markdown our notebooks use, as HTML: headings, paragraphs, lists, fenced code, pipe tables, inline code,
/// bold, italic and links. Anything else stays as escaped text, so nothing a cell says is lost.
/// </summary>
public static partial class MarkdownLite
{
    public static string ToHtml(string markdown)
    {
        var html = new StringBuilder();
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var paragraph = new List<string>();
        void Flush()
        {
            if (paragraph.Count > 0) html.Append("<p>").Append(Inline(string.Join(' ', paragraph))).Append("</p>\n");
            paragraph.Clear();
        }
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                var code = new List<string>();
                while (++i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal)) code.Add(lines[i]);
                html.Append("<pre><code>").Append(WebUtility.HtmlEncode(string.Join('\n', code))).Append("</code></pre>\n");
            }
            else if (Heading().Match(trimmed) is { Success: true } h)
            {
                Flush();
                int level = h.Groups[1].Length;
                html.Append($"<h{level}>").Append(Inline(h.Groups[2].Value)).Append($"</h{level}>\n");
            }
            else if (trimmed.StartsWith('|'))
            {
                Flush();
                var rows = new List<string>();
                for (; i < lines.Length && lines[i].Trim().StartsWith('|'); i++) rows.Add(lines[i].Trim());
                i--;
                html.Append(Table(rows));
            }
            else if (ListItem().Match(line) is { Success: true } item)
            {
                Flush();
                bool ordered = char.IsDigit(item.Groups[1].Value[0]);
                html.Append(ordered ? "<ol>\n" : "<ul>\n");
                for (; i < lines.Length; i++)
                {
                    var m = ListItem().Match(lines[i]);
                    if (m.Success) html.Append("<li>").Append(Inline(m.Groups[2].Value));
                    else if (lines[i].StartsWith("  ", StringComparison.Ordinal) && lines[i].Trim().Length > 0) { html.Append(' ').Append(Inline(lines[i].Trim())); continue; }
                    else break;
                    html.Append("</li>\n");
                }
                i--;
                html.Append(ordered ? "</ol>\n" : "</ul>\n");
            }
            else if (trimmed.Length == 0) Flush();
            else paragraph.Add(trimmed);
        }
        Flush();
        return html.ToString();
    }

    static string Table(List<string> rows)
    {
        static string[] Cells(string row) => row.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        var sb = new StringBuilder("<table>\n");
        bool header = rows.Count > 1 && Separator().IsMatch(rows[1]);
        for (int r = 0; r < rows.Count; r++)
        {
            if (header && r == 1) continue;
            var tag = header && r == 0 ? "th" : "td";
            sb.Append("<tr>").Append(string.Concat(Cells(rows[r]).Select(c => $"<{tag}>{Inline(c)}</{tag}>"))).Append("</tr>\n");
        }
        return sb.Append("</table>\n").ToString();
    }

    static string Inline(string text)
    {
        var encoded = WebUtility.HtmlEncode(text);
        encoded = Code().Replace(encoded, "<code>$1</code>");
        encoded = Bold().Replace(encoded, "<strong>$1</strong>");
        encoded = Italic().Replace(encoded, "<em>$1</em>");
        return Link().Replace(encoded, "<a href=\"$2\">$1</a>");
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")] private static partial Regex Heading();
    [GeneratedRegex(@"^\s{0,3}([-*]|\d+\.)\s+(.*)$")] private static partial Regex ListItem();
    [GeneratedRegex(@"^\|?\s*:?-{3,}")] private static partial Regex Separator();
    [GeneratedRegex(@"`([^`]+)`")] private static partial Regex Code();
    [GeneratedRegex(@"\*\*([^*]+)\*\*")] private static partial Regex Bold();
    [GeneratedRegex(@"(?<![*\w])\*([^*\s][^*]*)\*(?!\*)")] private static partial Regex Italic();
    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")] private static partial Regex Link();
}
