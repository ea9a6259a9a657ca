using System.Globalization;
using System.Text;
using PruneLab.Training;

namespace PruneLab.Bench;

/// <summary>The <c>bench --sliced</c> report as sliced.json and sliced.md (results/bench/ by default).</summary>
public static class SlicedBenchMarkdown
{
    public const string JsonFile = "sliced.json", MarkdownFile = "sliced.md";

    public static void Save(string folder, SlicedBenchReport report)
    {
        AtomicFile.WriteJson(Path.Combine(folder, JsonFile), report);
        AtomicFile.WriteText(Path.Combine(folder, MarkdownFile), Of(report));
    }

    public static string Of(SlicedBenchReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        void Line(FormattableString s) => sb.AppendLine(s.ToString(inv));
        Line($"{r.MeasuredUtc:yyyy-MM-dd}, {r.Cpu}, libtorch {r.LibTorch}; {r.Threads} torch threads pinned ({r.InteropThreads} inter-op, {r.LogicalCores} logical cores).");
        Line($"Peak {r.Peak.MacsPerSecond / 1e9:F1} GMAC/s = {2 * r.Peak.MacsPerSecond / 1e9:F1} GFLOP/s ({r.Peak.Source}; matmul {r.Peak.MatmulMacsPerSecond / 1e9:F1} GMAC/s).");
        Line($"Every ratio comes from {r.Passes} interleaved passes in this run: median [first quartile, third quartile] of the pass-by-pass speed-up. Results of the {r.Profile} profile supply the recorded decisions; {r.Seconds:F0} s in all.");
        sb.AppendLine();
        sb.AppendLine("Sliced engine, VGG-16 x1 at 3x32x32, batch 1, random per-image masks keeping a share of every site's channels:");
        sb.AppendLine();
        sb.AppendLine("| keep | dense ms | sliced ms | speed-up | by FLOPs | share of FLOPs speed-up |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var s in r.Sliced)
            Line($"| {s.Keep:0.##} | {s.Timing.DenseMs:F2} | {s.Timing.PrunedMs:F2} | {Speedup(s.Timing)} | {s.FlopsSpeedup:F2}x | {s.ShareOfFlopsSpeedup:P0} |");
        Layers(string.Create(inv, $"Each stride-1 conv of that VGG-16 alone, batch 1, {SlicedBenchSuite.LayerKeep:P0} of its inputs and outputs kept at random (FTWT's masks; ms; the engine takes the in-place kernel on maps of at most {Models.SlicedExecution.SmallMap} pixels, gathering elsewhere):"), "gathered", r.Layers);
        Layers(string.Create(inv, $"The same with the first {SlicedBenchSuite.LayerKeep:P0} kept (RNP's groups, MetaPruning's widths; the engine packs each prefix pair's weights once and takes the library conv):"), "packed", r.PrefixLayers);
        if (r.Replays.Count > 0)
        {
            sb.AppendLine().AppendLine("Recorded decisions replayed on VGG-16 x1 at 3x32x32, batch 1 (random weights; the agent and predictors not timed):").AppendLine();
            sb.AppendLine("| decisions | images | dense ms | sliced ms | speed-up | by FLOPs | share |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var t in r.Replays)
                Line($"| {t.Name} | {t.Items} | {t.DenseMs:F2} | {t.PrunedMs:F2} | {Speedup(t)} | {t.FlopsSpeedup:F2}x | {t.ShareOfFlopsSpeedup:P0} |");
        }
        sb.AppendLine().AppendLine("Static networks against their dense network (executed = after the convolution guard's padding):").AppendLine();
        sb.AppendLine("| network | batch | dense ms | pruned ms | speed-up | by FLOPs | by executed FLOPs | share | pruned GMAC/s | of peak |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in r.Static)
            Line($"| {s.Timing.Name} | {s.Timing.Batch} | {s.Timing.DenseMs:F2} | {s.Timing.PrunedMs:F2} | {Speedup(s.Timing)} | {s.Timing.FlopsSpeedup:F2}x | {s.ExecutedFlopsSpeedup:F2}x | {s.Timing.ShareOfFlopsSpeedup:P0} | {s.PrunedGMacsPerSecond:F1} | {s.ShareOfPeak:P0} |");
        sb.AppendLine().AppendLine("Fixed per-call overhead (the same layers with one channel each, batch 1) and the batch-1 speed-up it allows:").AppendLine();
        sb.AppendLine("| layers | overhead ms | dense ms | bound at 2x by FLOPs | bound at 4x |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var o in r.Overheads)
            Line($"| {o.Model} | {o.Ms:F3} | {o.DenseMs:F3} | {o.BoundFor(2):F2}x | {o.BoundFor(4):F2}x |");
        if (r.Trainer is { } t2)
        {
            sb.AppendLine();
            Line($"Trainer against a bare TorchSharp loop ({t2.Model}, {t2.Images} Fashion-MNIST images, batch {t2.BatchSize}, {t2.Passes} epochs each, alternating): {t2.TrainerSeconds:F2} s vs {t2.BareSeconds:F2} s per epoch, overhead {t2.Overhead:+0.0%;-0.0%} [{t2.OverheadQ1:+0.0%;-0.0%}, {t2.OverheadQ3:+0.0%;-0.0%}].");
        }
        sb.AppendLine().AppendLine("| bar | required | measured | holds |").AppendLine("|---|---|---:|---|");
        foreach (var b in r.Bars) Line($"| {b.What} | {b.Bar} | {b.Measured:F2} | {(b.Holds ? "yes" : "no")} |");
        if (r.Missing.Count > 0)
        {
            sb.AppendLine().AppendLine("Not measured:");
            foreach (var m in r.Missing) sb.AppendLine("- " + m);
        }
        return sb.ToString();

        void Layers(string title, string library, IReadOnlyList<SlicedLayerRow> rows)
        {
            sb.AppendLine().AppendLine(title).AppendLine();
            sb.AppendLine($"| site | in | out | pixels | dense | {library} | in place | by FLOPs |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var l in rows)
                Line($"| {l.Site} | {l.InChannels} | {l.OutChannels} | {l.Pixels} | {l.DenseMs:F3} | {l.GatheredMs:F3} | {l.InPlaceMs:F3} | {l.FlopsSpeedup:F2}x |");
        }

        string Speedup(SpeedComparison t) => string.Create(inv, $"{t.Speedup:F2}x [{t.SpeedupQ1:F2}, {t.SpeedupQ3:F2}]");
    }
}
