using System.Globalization;
using System.Text;
using PruneLab.Data;
using PruneLab.Methods.Rnp;
using static TorchSharp.torch;

namespace PruneLab.Cli.Commands;

/// <summary>`prunelab bench --routing RUN...`: batch-1 dynamic inference of finished routing runs against the dense network, on the CPU.</summary>
internal static class RoutingBench
{
    public static string Run(IReadOnlyList<string> runs, int images, Action<string> log)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("| run | images | dense ms | full, sliced engine ms | routed ms | agent ms | speed-up | by FLOPs | share | >= 70% |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var folder in runs)
        {
            var (routed, agent, config) = RnpRun.Load(folder, CPU);
            using (agent)
            {
                using var data = DatasetCatalog.Load(config.Dataset, config.Data);
                using var x = BatchLoader.First(data.Test, images, CPU);
                var l = RoutingLatency.Measure(routed, agent, x);
                log(string.Create(inv, $"{folder}: {l.Speedup:F2}x measured vs {l.FlopsSpeedup:F2}x by FLOPs"));
                md.AppendLine(string.Create(inv,
                    $"| {folder} | {l.Images} | {l.DenseMs:F3} | {l.FullSlicedMs:F3} | {l.RoutedMs:F3} | {l.AgentMs:F3} | {l.Speedup:F2}x | {l.FlopsSpeedup:F2}x | {l.ShareOfTheoretical:P0} | {(l.ShareOfTheoretical >= RnpClaims.RealisedShare ? "yes" : "no")} |"));
            }
        }
        return md.ToString();
    }

    /// <summary>The recorded actions of RNP runs replayed on a VGG-16 of <paramref name="width"/> at 32x32 (<see cref="RoutingReplay"/>).</summary>
    public static string Replay(IReadOnlyList<string> runs, int images, double width, Action<string> log)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine($"Recorded actions replayed on VGG-16 x{width.ToString(inv)} at 3x32x32 (agent not timed; {PruneLab.Bench.InterleavedTiming.BenchPasses} passes, speed-up quartiles in brackets):");
        md.AppendLine();
        md.AppendLine("| run | images | dense ms | sliced steps ms | speed-up | by FLOPs | share | >= 70% |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var folder in runs)
        {
            var t = RoutingReplay.Measure(folder, RnpRun.ReadRouting(folder), width, images, PruneLab.Bench.InterleavedTiming.BenchPasses);
            log(string.Create(inv, $"{folder} on x{width}: {t.Speedup:F2}x measured vs {t.FlopsSpeedup:F2}x by FLOPs"));
            md.AppendLine(string.Create(inv,
                $"| {folder} | {t.Items} | {t.DenseMs:F3} | {t.PrunedMs:F3} | {t.Speedup:F2}x [{t.SpeedupQ1:F2}, {t.SpeedupQ3:F2}] | {t.FlopsSpeedup:F2}x | {t.ShareOfFlopsSpeedup:P0} | {(t.ShareOfFlopsSpeedup >= RnpClaims.RealisedShare ? "yes" : "no")} |"));
        }
        return md.ToString();
    }
}
