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

    /// <summary>
    /// The recorded actions of an RNP run (routing.json: groups per layer and image) replayed on a wider VGG-16 at
    /// CIFAR size, dense module against the sliced steps, to show what the same decisions save where the convolutions,
    /// not the per-call overhead, dominate. Random weights (time does not depend on them); the agent is not timed.
    /// </summary>
    public static string Replay(IReadOnlyList<string> runs, int images, double width, Action<string> log)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine($"Recorded actions replayed on VGG-16 x{width.ToString(inv)} at 3x32x32 (agent not timed):");
        md.AppendLine();
        md.AppendLine("| run | images | dense FLOPs | dense ms | sliced steps ms | speed-up | by FLOPs | share | >= 70% |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var folder in runs)
        {
            var record = RnpRun.ReadRouting(folder);
            using var _ = no_grad();
            manual_seed(1);
            using var net = (PruneLab.Models.Vgg)PruneLab.Models.ModelCatalog.Create(PruneLab.Models.ModelCatalog.DefaultSpec("vgg16", 3, 32, 10, width));
            net.eval();
            int k = record.ActionLabels[0].Length;
            var routed = new RoutedVgg(net, k);
            if (record.Actions[0].Length != routed.Steps) throw new ArgumentException($"{folder}: its routing has {record.Actions[0].Length} steps; VGG-16 has {routed.Steps}.");
            int n = Math.Min(images, record.Actions.Length);
            var singles = Enumerable.Range(0, n).Select(_ => randn(1, 3, 32, 32)).ToArray();
            var passes = new double[2][];
            passes[0] = new double[5];
            passes[1] = new double[5];
            for (int pass = -1; pass < 5; pass++)
                for (int i = 0; i < n; i++)
                {
                    long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    using (NewDisposeScope()) net.call(singles[i]);
                    long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
                    using (NewDisposeScope()) routed.Sliced(singles[i], record.Actions[i]);
                    long t2 = System.Diagnostics.Stopwatch.GetTimestamp();
                    if (pass < 0) continue;
                    passes[0][pass] += (t1 - t0) * 1000.0 / System.Diagnostics.Stopwatch.Frequency / n;
                    passes[1][pass] += (t2 - t1) * 1000.0 / System.Diagnostics.Stopwatch.Frequency / n;
                }
            foreach (var x in singles) x.Dispose();
            double dense = passes[0].Order().ElementAt(2), sliced = passes[1].Order().ElementAt(2);
            double flopsSpeedup = routed.DenseFlops() / Enumerable.Range(0, n).Average(i => (double)routed.Flops(record.Actions[i]));
            double share = dense / sliced / flopsSpeedup;
            log(string.Create(inv, $"{folder} on x{width}: {dense / sliced:F2}x measured vs {flopsSpeedup:F2}x by FLOPs"));
            md.AppendLine(string.Create(inv,
                $"| {folder} | {n} | {routed.DenseFlops():N0} | {dense:F3} | {sliced:F3} | {dense / sliced:F2}x | {flopsSpeedup:F2}x | {share:P0} | {(share >= RnpClaims.RealisedShare ? "yes" : "no")} |"));
        }
        return md.ToString();
    }
}
