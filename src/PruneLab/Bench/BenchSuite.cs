using System.Globalization;
using System.Text;
using PruneLab.Models;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Bench;

/// <summary>
/// The foundation's benchmark: VGG-16 (width 1 and 0.25) and ResNet-56 on 3x32x32 inputs, batch 1 and 128,
/// inference and training, beside the machine's peak (<see cref="MachinePeak"/>). Writes bench.json and bench.md.
/// </summary>
public static class BenchSuite
{
    public static readonly (string Model, double Width)[] Models = [("vgg16", 1.0), ("vgg16", 0.25), ("resnet56", 1.0)];
    public static readonly int[] Batches = [1, 128];

    public static BenchReport Run(Device device, string? outFolder, Action<string>? log = null, double minSeconds = 1.0)
    {
        var machine = MachinePeak.Measure(device);
        double peak = machine.MacsPerSecond;
        log?.Invoke($"peak: {peak / 1e9:F1} GMAC/s ({2 * peak / 1e9:F1} GFLOP/s counting multiply and add separately), from the {machine.Source}; matmul {machine.MatmulMacsPerSecond / 1e9:F1} GMAC/s");
        var cases = new List<ThroughputCase>();
        foreach (var (model, width) in Models)
            foreach (var training in new[] { false, true })
                foreach (var batch in Batches)
                {
                    var spec = ModelCatalog.DefaultSpec(model, 3, 32, 10, width);
                    var c = ThroughputBenchmark.Measure(spec, width, training, batch, device, peak, minSeconds);
                    cases.Add(c);
                    log?.Invoke($"{c.Model} x{c.Width} {c.Mode} batch {c.Batch}: {c.ImagesPerSecond:F1} img/s, {c.GMacsPerSecond:F1} GMAC/s ({c.FractionOfPeak:P0} of peak)");
                }
        var report = new BenchReport(device.type.ToString(), get_num_threads(), peak / 1e9, machine.Source, machine.MatmulMacsPerSecond / 1e9, cases, DateTime.UtcNow, Environment.MachineName);
        if (outFolder is not null)
        {
            AtomicFile.WriteJson(Path.Combine(outFolder, "bench.json"), report);
            AtomicFile.WriteText(Path.Combine(outFolder, "bench.md"), ToMarkdown(report));
        }
        return report;
    }

    public static string ToMarkdown(BenchReport r)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(inv, $"Device {r.Device}, {r.Threads} threads, {r.MeasuredUtc:yyyy-MM-dd}. Peak {r.PeakGMacsPerSecond:F1} GMAC/s (best of a matmul and VGG-16's convs: the {r.PeakSource}; matmul {r.MatmulGMacsPerSecond:F1})."));
        sb.AppendLine("GMAC/s = multiply-accumulates per second (the papers' FLOPs); training counts 3x the forward MACs.");
        sb.AppendLine();
        sb.AppendLine("| model | width | mode | batch | ms/batch | img/s | GMAC/s | % of peak |");
        sb.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|");
        foreach (var c in r.Cases)
            sb.AppendLine(string.Create(inv, $"| {c.Model} | {c.Width} | {c.Mode} | {c.Batch}{(c.Note is null ? "" : "*")} | {c.MsPerBatch:F2} | {c.ImagesPerSecond:F1} | {c.GMacsPerSecond:F1} | {c.FractionOfPeak * 100:F0}% |"));
        if (r.Cases.Any(c => c.Note is not null)) sb.AppendLine().AppendLine("\\* " + r.Cases.First(c => c.Note is not null).Note);
        return sb.ToString();
    }
}
