using System.Globalization;
using System.Text;

namespace PruneLab.Cost;

/// <summary>A cost report as a Markdown table (for results folders and the README).</summary>
public static class CostTable
{
    public static string ToMarkdown(CostReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"# {report.Model}: {report.Flops.ToString("N0", inv)} FLOPs (MACs), {report.Params.ToString("N0", inv)} params");
        sb.AppendLine();
        sb.AppendLine("| layer | kind | output | in | out | FLOPs | params | % FLOPs |");
        sb.AppendLine("|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var l in report.Layers)
            sb.AppendLine(string.Create(inv, $"| {l.Name} | {l.Kind} | {l.OutChannels}x{l.OutHeight}x{l.OutWidth} | {l.InChannels} | {l.OutChannels} | {l.Flops:N0} | {l.Params:N0} | {l.Share * 100:F1} |"));
        sb.AppendLine(string.Create(inv, $"| **total** | | | | | **{report.Flops:N0}** | **{report.Params:N0}** | 100.0 |"));
        return sb.ToString();
    }
}
