using System.Text.Json;
using PruneLab.Data;
using PruneLab.Methods.Ftwt;
using PruneLab.Methods.L1;
using PruneLab.Methods.MetaPruning;
using PruneLab.Methods.Rnp;
using PruneLab.Models;
using PruneLab.Notebooks;
using PruneLab.Runtime;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Bench;

/// <summary>What <c>prunelab bench --sliced</c> measures, and where it reads the recorded decisions from.</summary>
public sealed record SlicedBenchOptions
{
    /// <summary>Whose results (results/&lt;paper&gt;/&lt;profile&gt;/) supply FTWT's baseline, RNP's routings and MetaPruning's networks.</summary>
    public string Profile { get; init; } = RunProfile.Quick;
    /// <summary>Images timed one at a time per batch-1 row.</summary>
    public int Images { get; init; } = 30;
    public int Passes { get; init; } = InterleavedTiming.BenchPasses;
    public double[] Keeps { get; init; } = [1.0, 0.8, 0.6, 0.4];
    /// <summary>FTWT thresholds whose target-rule masks are replayed.</summary>
    public double[] TargetThresholds { get; init; } = [0.92, 0.85];
    /// <summary>Torch threads, pinned for the whole bench (0: one per logical core).</summary>
    public int Threads { get; init; }
    /// <summary>Training images for the Trainer-vs-bare-loop row (0 skips it).</summary>
    public int TrainerImages { get; init; } = 2_048;
    public int Seed { get; init; } = 1;

    public void Validate()
    {
        RunProfile.Check(Profile);
        if (Images < 1) throw new ArgumentException($"--images {Images}: expected at least 1.");
        if (Passes < 1) throw new ArgumentException($"--passes {Passes}: expected at least 1.");
        if (Keeps.Length == 0 || Keeps.Any(k => !(k > 0 && k <= 1))) throw new ArgumentException("--keeps: expected shares in (0, 1].");
        if (Threads < 0) throw new ArgumentException($"--threads {Threads}: expected 0 (one per core) or more.");
        if (TrainerImages < 0) throw new ArgumentException($"--trainer-images {TrainerImages}: expected 0 or more.");
    }
}

/// <summary>One bar of the engine's speed the report is checked against, with the measured figure.</summary>
public sealed record SpeedBar(string What, string Bar, double Measured, bool Holds);

/// <summary>Everything one <c>bench --sliced</c> run measured, ratios from the same passes.</summary>
public sealed record SlicedBenchReport(
    string Cpu, string LibTorch, int Threads, int InteropThreads, int LogicalCores, MachinePeak Peak, int Passes, string Profile,
    IReadOnlyList<SlicedRow> Sliced, IReadOnlyList<SlicedLayerRow> Layers, IReadOnlyList<SlicedLayerRow> PrefixLayers, IReadOnlyList<SpeedComparison> Replays, IReadOnlyList<StaticRow> Static,
    IReadOnlyList<CallOverhead> Overheads, TrainerOverheadResult? Trainer, IReadOnlyList<SpeedBar> Bars, IReadOnlyList<string> Missing,
    DateTime MeasuredUtc, double Seconds);

/// <summary>
/// The dynamic engines' and static networks' speed, measured in one run on the CPU: the sliced engine under random
/// masks on a full-width VGG-16 at 32x32 (batch 1) per keep share; FTWT's target-rule masks and RNP's recorded
/// routings replayed there; L1's pruned-A and MetaPruning's searched and uniform networks against their dense networks
/// at batch 1 and 64 (FLOPs executed after the guard's padding beside the nominal ones); the fixed per-call overhead
/// that bounds batch-1 ratios; the kit's Trainer against a bare loop. Rows whose inputs a profile has not produced yet
/// are listed as missing, not guessed.
/// </summary>
public static class SlicedBenchSuite
{
    /// <summary>The keep share of the per-layer rows (<see cref="SlicedLayerBenchmark"/>): the one the kernels were chosen at.</summary>
    public const double LayerKeep = 0.6;

    /// <summary>Marks rows that diagnose a cause rather than time a network of the kit: they are held to no bar.</summary>
    public const string Diagnosis = "(diagnosis)";

    public static SlicedBenchReport Run(SlicedBenchOptions options, Action<string>? log = null)
    {
        options.Validate();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        set_num_threads(options.Threads > 0 ? options.Threads : Environment.ProcessorCount);
        log ??= _ => { };
        var device = CPU;
        var peak = MachinePeak.Measure(device);
        log($"peak {peak.MacsPerSecond / 1e9:F1} GMAC/s ({peak.Source}); matmul {peak.MatmulMacsPerSecond / 1e9:F1}; {get_num_threads()} threads");
        var missing = new List<string>();

        manual_seed(options.Seed);
        var vggSpec = ModelCatalog.DefaultSpec("vgg16", 3, 32, 10, 1.0);
        var sliced = new List<SlicedRow>();
        IReadOnlyList<SlicedLayerRow> layers, prefixLayers;
        using (var vgg = ModelCatalog.Create(vggSpec))
        {
            layers = SlicedLayerBenchmark.Measure(vgg, LayerKeep, options.Passes, options.Seed);
            prefixLayers = SlicedLayerBenchmark.Measure(vgg, LayerKeep, options.Passes, options.Seed, prefix: true);
            vgg.eval();
            using var engine = new SlicedExecution(vgg);
            foreach (var keep in options.Keeps)
            {
                var row = SlicedBenchmark.Measure(vgg, engine, keep, options.Images, options.Passes, options.Seed);
                sliced.Add(row);
                log($"sliced, keep {keep:0.##}: {row.Speedup:F2}x [{row.Timing.SpeedupQ1:F2}, {row.Timing.SpeedupQ3:F2}] vs {row.FlopsSpeedup:F2}x by FLOPs");
            }
        }

        var replays = new List<SpeedComparison>();
        replays.AddRange(FtwtReplays(options, missing));
        replays.AddRange(RnpReplays(options, missing));
        foreach (var r in replays) log($"{r.Name}: {r.Speedup:F2}x [{r.SpeedupQ1:F2}, {r.SpeedupQ3:F2}] vs {r.FlopsSpeedup:F2}x by FLOPs");

        var cases = new List<StaticCase> { new("L1 VGG-16-pruned-A (x1, 32x32)", vggSpec, vggSpec.WithWidths(PruningPlan.Preset("vgg16-A", Architecture.Of(vggSpec)).KeptCounts(Architecture.Of(vggSpec)))) };
        cases.AddRange(MetaCases(options.Profile, missing));
        var statics = StaticBenchmark.Measure(cases, [1, 64], peak.MacsPerSecond, options.Passes, device);
        foreach (var s in statics)
            log($"{s.Timing.Name}, batch {s.Timing.Batch}: {s.Timing.Speedup:F2}x vs {s.Timing.FlopsSpeedup:F2}x by FLOPs ({s.ExecutedFlopsSpeedup:F2}x executed), {s.ShareOfPeak:P0} of peak");

        var overheads = cases.Select(c => c.Dense).DistinctBy(s => s.ToString())
            .Select(s => StaticBenchmark.Overhead($"{s.Family} {string.Join(",", s.Widths.Take(2))}.. at {s.InChannels}x{s.ImageSize}x{s.ImageSize}", s, options.Passes, device)).ToArray();
        foreach (var o in overheads) log($"per-call overhead of {o.Model}: {o.Ms:F3} ms (dense {o.DenseMs:F3} ms)");

        TrainerOverheadResult? trainer = null;
        if (options.TrainerImages > 0)
        {
            using var data = DatasetCatalog.Load(DatasetInfo.FashionMnistName, new DataOptions { Subset = options.TrainerImages, Seed = options.Seed });
            var spec = ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, 0.25);
            trainer = TrainerOverhead.Measure("VGG-16 x0.25 at 1x28x28", spec, data.Train, 128, Math.Max(1, options.Passes / 2), device);
            log($"Trainer vs bare loop: {trainer.Overhead:+0.0%;-0.0%} per epoch ({trainer.TrainerSeconds:F2} s vs {trainer.BareSeconds:F2} s)");
        }

        return new SlicedBenchReport(CpuIdentity.Current?.ToString() ?? "unknown CPU", LibTorchIdentity.Current, get_num_threads(), get_num_interop_threads(),
            Environment.ProcessorCount, peak, options.Passes, options.Profile, sliced, layers, prefixLayers, replays, statics, overheads, trainer,
            Bars(sliced, replays, statics, trainer), missing, DateTime.UtcNow, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The target rule's masks on the profile's baseline, replayed on VGG-16 x1 at 32x32 (what matched predictors would keep).</summary>
    static IEnumerable<SpeedComparison> FtwtReplays(SlicedBenchOptions options, List<string> missing)
    {
        var profile = FtwtProfile.For(options.Profile) with { LatencyImages = options.Images };
        var config = profile.Config(profile.MainThreshold, FtwtModes.Decoupled);
        if (!File.Exists(config.Checkpoint))
        {
            missing.Add($"FTWT target masks: no baseline at {config.Checkpoint} (run notebook 00 in the {options.Profile} profile)");
            yield break;
        }
        var spec = Checkpoint.ReadHeader(config.Checkpoint).Spec;
        if (spec.Family != "vgg16")
        {
            missing.Add($"FTWT target masks: the {options.Profile} baseline is a {spec.Family}; the replay is on VGG-16");
            yield break;
        }
        foreach (var r in options.TargetThresholds)
            yield return ReplayLatency.Compare($"targets at r = {r}", FtwtExperiment.TargetMasks(profile, r), spec, 1.0, options.Images, options.Passes, options.Seed);
    }

    /// <summary>Every RNP penalty run of the profile that finished its routing, replayed on VGG-16 x1 at 32x32.</summary>
    static IEnumerable<SpeedComparison> RnpReplays(SlicedBenchOptions options, List<string> missing)
    {
        var profile = RnpProfile.For(options.Profile);
        foreach (var p in profile.Penalties)
        {
            var folder = profile.RunFolder(profile.Rnp(p));
            if (!File.Exists(Path.Combine(folder, RnpRun.RoutingFile)))
            {
                missing.Add($"RNP routing p = {p}: no {Path.Combine(folder, RnpRun.RoutingFile)} (run notebook 03 in the {options.Profile} profile)");
                continue;
            }
            yield return RoutingReplay.Measure($"p = {p}", RnpRun.ReadRouting(folder), 1.0, options.Images, options.Passes, options.Seed);
        }
    }

    /// <summary>MetaPruning's searched and uniform networks of the profile beside its baseline (their trained geometry).</summary>
    static IEnumerable<StaticCase> MetaCases(string profileName, List<string> missing)
    {
        var profile = MetaProfile.For(profileName);
        var path = profile.Folder(MetaResults.SummaryFile);
        var baseline = Path.Combine(SharedBaseline.Folder(profileName), Trainer.LastCheckpoint);
        if (!File.Exists(path) || !File.Exists(baseline))
        {
            missing.Add($"MetaPruning networks: no {(File.Exists(path) ? baseline : path)} (run notebook 02 in the {profileName} profile)");
            yield break;
        }
        var summary = JsonSerializer.Deserialize<MetaSummary>(File.ReadAllText(path), AtomicFile.Json)
            ?? throw new DatasetFormatException(path, "holds no MetaPruning summary");
        var dense = Checkpoint.ReadHeader(baseline).Spec;
        var full = ModelCatalog.DefaultSpec(dense.Family, 3, 32, 10, 1.0);
        foreach (var (name, run) in new[] { ("MetaPruning searched", summary.Searched), ("MetaPruning uniform", summary.Uniform) })
        {
            if (run is null || !File.Exists(run.Checkpoint)) { missing.Add($"{name}: not trained in the {profileName} profile"); continue; }
            var pruned = Checkpoint.ReadHeader(run.Checkpoint).Spec;
            yield return new StaticCase($"{name} ({profileName})", dense, pruned);
            // The same share of every site at full width and CIFAR size: how the allocation runs where convs, not narrow layers, set the time.
            var scaled = full.Widths.Select((w, i) => Math.Max(1, (int)Math.Round((double)pruned.Widths[i] / dense.Widths[i] * w))).ToArray();
            yield return new StaticCase($"{name} ({profileName}) at x1, 32x32", full, full.WithWidths(scaled));
            // Diagnosis, not a kit network: the same widths rounded up to multiples of 16, the block oneDNN's CPU convs compute in.
            yield return new StaticCase($"{name} ({profileName}) at x1, 32x32, widths rounded up to 16 {Diagnosis}", full,
                full.WithWidths(scaled.Select((w, i) => Math.Min(full.Widths[i], (w + 15) / 16 * 16)).ToArray()));
        }
    }

    /// <summary>The bars the engines are held to (README, "Dynamic execution").</summary>
    static IReadOnlyList<SpeedBar> Bars(IReadOnlyList<SlicedRow> sliced, IReadOnlyList<SpeedComparison> replays, IReadOnlyList<StaticRow> statics,
        TrainerOverheadResult? trainer)
    {
        var bars = new List<SpeedBar>();
        if (sliced.FirstOrDefault(r => r.Keep == 1.0) is { } all)
            bars.Add(new("sliced engine, everything kept (batch 1)", "dense / sliced >= 1/1.1", all.Speedup, all.Speedup >= 1 / 1.1));
        if (sliced.FirstOrDefault(r => Math.Abs(r.Keep - 0.6) < 1e-9) is { } s6)
            bars.Add(new("sliced engine, 60% kept (batch 1)", ">= 0.7 of the FLOPs speed-up", s6.ShareOfFlopsSpeedup, s6.ShareOfFlopsSpeedup >= 0.7));
        if (replays.FirstOrDefault(r => r.Name.Contains("targets at r = 0.85")) is { } t85)
            bars.Add(new("FTWT target masks r = 0.85 replayed", "speed-up >= 1.5x", t85.Speedup, t85.Speedup >= 1.5));
        foreach (var r in replays.Where(r => r.Name.StartsWith("RNP", StringComparison.Ordinal) && r.FlopsSpeedup <= 4))
            bars.Add(new($"{r.Name} ({r.FlopsSpeedup:F2}x by FLOPs)", ">= 0.8 of the FLOPs speed-up", r.ShareOfFlopsSpeedup, r.ShareOfFlopsSpeedup >= 0.8));
        foreach (var s in statics.Where(s => s.Timing.Batch == 64 && !s.Timing.Name.Contains(Diagnosis)))
            bars.Add(new($"{s.Timing.Name}, batch 64", ">= 0.8 of the FLOPs speed-up", s.Timing.ShareOfFlopsSpeedup, s.Timing.ShareOfFlopsSpeedup >= 0.8));
        if (trainer is not null)
            bars.Add(new("Trainer against a bare loop", "within 5%", trainer.Overhead, trainer.Overhead <= 0.05));
        return bars;
    }
}
