using System.Globalization;
using System.Net;
using System.Text;
using PruneLab.Training;
using PruneLab.Viz;

namespace PruneLab.Comparison;

/// <summary>
/// The comparison as files: results/report.html (one offline page: plotly.js inlined, every chart interactive, the
/// tables, the claims, links to the executed notebooks) and results/summary.md (the same tables in Markdown); other
/// profiles than quick get their name in the file names, so a smoke test never overwrites the main report.
/// </summary>
public static class ComparisonReport
{
    /// <summary>results/report.html and results/summary.md for the main (quick) profile; report-&lt;profile&gt;.html and summary-&lt;profile&gt;.md for the others.</summary>
    public static (string Report, string Summary) Files(string profile) =>
        profile == PruneLab.Notebooks.RunProfile.Quick ? ("report.html", "summary.md") : ($"report-{profile}.html", $"summary-{profile}.md");
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    static readonly string[] PointHeaders =
        ["paper", "method", "network", "accuracy", "FLOPs", "of dense", "params", "batch 1 (ms)", "batch 64 (ms)", "speed-up at batch 1", "training (s)"];

    static string[] Row(ComparisonPoint p) =>
    [
        p.Paper, p.Series + (p.SharedBaseline ? "" : " *"), p.Label, p.Accuracy.ToString("P2", Inv), p.Flops.ToString("N0", Inv), p.FlopsRatio.ToString("P1", Inv),
        p.Params?.ToString("N0", Inv) ?? "-", p.LatencyB1Ms?.ToString("F2", Inv) ?? "-", p.LatencyB64Ms?.ToString("F1", Inv) ?? "-",
        p.SpeedupB1 is { } s ? s.ToString("F2", Inv) + "x" : "-", p.TrainingSeconds?.ToString("F0", Inv) ?? "-",
    ];

    static readonly string[] ClaimHeaders = ["paper", "#", "claim", "this run", "verdict"];
    static string[] Row(PaperClaim c) => [c.Paper, c.Number.ToString(Inv), c.Claim, c.Evidence, c.Verdict];

    /// <summary>The networks as an HTML table (also shown by notebook 05).</summary>
    public static string PointsHtml(IEnumerable<ComparisonPoint> points, string? caption = null) => HtmlTable.Of(PointHeaders, points.Select(Row), caption);

    /// <summary>The claims as an HTML table (also shown by notebook 05).</summary>
    public static string ClaimsHtml(IEnumerable<PaperClaim> claims) => HtmlTable.Of(ClaimHeaders, claims.Select(Row));

    const string Notes =
        "FLOPs are multiply-accumulates per image; dynamic methods (RNP, FTWT) give their test-set average with the agent's or the predictors' " +
        "own cost included. Static networks are timed interleaved with the dense baseline in one run; dynamic ones at batch 1 in their own runs beside " +
        "the same dense network (their engines run one image at a time). * : on its own backbone, not on the plane.";

    /// <summary>Writes the report and the summary (<see cref="Files"/>) into <paramref name="resultsRoot"/>; returns the report's path.</summary>
    public static string Write(MethodComparison c, string resultsRoot, string notebooksFolder, string machine)
    {
        Directory.CreateDirectory(resultsRoot);
        var notebooks = Directory.Exists(notebooksFolder)
            ? Directory.GetFiles(notebooksFolder, "*.html").Order(StringComparer.Ordinal)
                .Select(f => (Name: Path.GetFileNameWithoutExtension(f), Href: Path.GetRelativePath(resultsRoot, f).Replace('\\', '/'))).ToArray()
            : [];
        var (reportFile, summaryFile) = Files(c.Profile);
        var report = Path.Combine(resultsRoot, reportFile);
        AtomicFile.WriteText(report, Html(c, notebooks, machine));
        AtomicFile.WriteText(Path.Combine(resultsRoot, summaryFile), Markdown(c, machine));
        return report;
    }

    public static string Html(MethodComparison c, IReadOnlyList<(string Name, string Href)> notebooks, string machine)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        var page = new StringBuilder();
        page.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>PruneLab report ({{E(c.Profile)}})</title>
            <style>body { font-family: {{ChartStyle.FontFamily}}; margin: 24px; color: {{ChartStyle.TextColor}}; max-width: 1200px; } td, th { font-size: 13px; }</style>
            <script type="text/javascript">
            """);
        page.Append('\n').Append(ChartHtml.PlotlyJs()).Append("\n</script>\n</head>\n<body>\n");
        page.Append($"<h1>PruneLab: four pruning papers on one baseline ({E(c.Profile)} profile)</h1>\n");
        page.Append($"<p>{E(Describe(c, machine))}</p>\n");
        if (c.Missing.Count > 0) page.Append($"<p><b>Not run:</b> {E(string.Join(", ", c.Missing))} (no summary found; their claims are marked not run).</p>\n");
        page.Append("<h2>Accuracy against FLOPs</h2>\n").Append(ChartHtml.Fragment(ComparisonCharts.Plane(c))).Append('\n');
        if (c.Points.Any(p => p.SpeedupB1 is not null && p.Series != ResultCollector.DenseSeries))
            page.Append("<h2>Measured speed-up</h2>\n").Append(ChartHtml.Fragment(ComparisonCharts.Speedups(c))).Append('\n');
        page.Append("<h2>Every network</h2>\n").Append(PointsHtml(c.Points)).Append($"\n<p>{E(Notes)}</p>\n");
        page.Append("<h2>Pareto front</h2>\n").Append(PointsHtml(c.Front)).Append('\n');
        page.Append("<h2>The papers' claims</h2>\n").Append(ClaimsHtml(c.Claims)).Append('\n');
        page.Append("<h2>Executed notebooks</h2>\n<ul>\n");
        foreach (var (name, href) in notebooks) page.Append($"<li><a href=\"{E(href)}\">{E(name)}</a></li>\n");
        if (notebooks.Count == 0) page.Append("<li>none found</li>\n");
        return page.Append("</ul>\n</body>\n</html>\n").ToString();
    }

    public static string Markdown(MethodComparison c, string machine)
    {
        var md = new StringBuilder($"# PruneLab summary ({c.Profile} profile)\n\n{Describe(c, machine)}\n\n");
        if (c.Missing.Count > 0) md.Append($"Not run: {string.Join(", ", c.Missing)}.\n\n");
        md.Append("## Every network\n\n").Append(Table(PointHeaders, c.Points.Select(Row))).Append('\n').Append(Notes).Append("\n\n");
        md.Append("## Pareto front\n\n").Append(Table(PointHeaders, c.Front.Select(Row))).Append('\n');
        md.Append("## The papers' claims\n\n").Append(Table(ClaimHeaders, c.Claims.Select(Row)));
        return md.ToString();
    }

    static string Describe(MethodComparison c, string machine) =>
        $"Baseline {c.Model} on {c.Dataset}: {c.BaselineAccuracy.ToString("P2", Inv)} test accuracy at {c.DenseFlops.ToString("N0", Inv)} FLOPs. " +
        $"Measured {DateTime.UtcNow.ToString("yyyy-MM-dd", Inv)} on {machine}.";

    static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");
        var sb = new StringBuilder("| ").Append(string.Join(" | ", headers.Select(Cell))).Append(" |\n|").Append(string.Concat(headers.Select(_ => "---|"))).Append('\n');
        foreach (var r in rows) sb.Append("| ").Append(string.Join(" | ", r.Select(Cell))).Append(" |\n");
        return sb.ToString();
    }
}
