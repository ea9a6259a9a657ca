using System.Text.Json;
using PruneLab.Data;
using PruneLab.Methods;
using PruneLab.Methods.Ftwt;
using PruneLab.Methods.L1;
using PruneLab.Methods.MetaPruning;
using PruneLab.Methods.Rnp;
using PruneLab.Notebooks;
using PruneLab.Training;

namespace PruneLab.Comparison;

/// <summary>
/// Reads what notebooks 00-04 wrote (the shared baseline's result.json and each paper's summary.json under
/// results/&lt;paper&gt;/&lt;profile&gt;/) into one <see cref="MethodComparison"/>. Reads files only: nothing is retrained.
/// A paper without a summary is listed as missing and its claims get the verdict "not run".
/// </summary>
public static class ResultCollector
{
    public const string L1 = "L1 filter pruning", Meta = "MetaPruning", Rnp = "RNP / RNR", Ftwt = "FTWT", DenseSeries = "dense baseline";

    /// <summary>Each paper's folder under results/, in the notebooks' order.</summary>
    public static readonly IReadOnlyList<(string Paper, string Folder)> Papers =
        [(L1, "l1"), (Meta, "metapruning"), (Rnp, "rnp"), (Ftwt, "ftwt")];

    public static MethodComparison Collect(string profile, string? resultsRoot = null)
    {
        RunProfile.Check(profile);
        var root = resultsRoot ?? Path.Combine(DatasetLocator.FindRepoRoot() ?? Directory.GetCurrentDirectory(), "results");
        var baselinePath = Path.Combine(root, "baseline", profile, ExperimentFolder.ResultFile);
        var baseline = File.Exists(baselinePath) ? Read<BaselineResult>(baselinePath) : null;
        double dense = baseline?.Flops ?? 0;
        var points = new List<ComparisonPoint>();
        var claims = new List<PaperClaim>();
        var missing = new List<string>();
        if (baseline is not null)
            points.Add(new("baseline", DenseSeries, $"{baseline.Model} x{baseline.Width:G3}", baseline.TestAccuracy, baseline.Flops, 1.0,
                baseline.Params, false, null, null, baseline.Seconds, baseline.Checkpoint));

        string Summary(string folder) => Path.Combine(root, folder, profile, "summary.json");
        void Claims(string paper, IEnumerable<ClaimCheck> checks) => claims.AddRange(checks.Select(c => new PaperClaim(paper, c.Number, c.Claim, c.Evidence, c.Verdict)));
        double Ratio(double flops) => dense > 0 ? flops / dense : double.NaN;

        if (File.Exists(Summary("l1")) && Read<L1Summary>(Summary("l1")) is { } l1)
        {
            foreach (var r in l1.Runs)
            {
                var accuracy = r.BestRetrainedAccuracy ?? r.RetrainedAccuracy ?? r.PrunedAccuracy;
                var ranking = $"{r.Criterion}{(r.Scoring == "Independent" ? "" : ", " + r.Scoring.ToLowerInvariant())}";
                // The residual part prunes a ResNet of its own: its FLOPs share is against that network, and it stays off the plane.
                bool shared = baseline is not null && r.Model == baseline.Model && r.BaselineFlops == baseline.Flops;
                points.Add(new(L1, shared ? $"L1 ({ranking})" : $"L1 ({ranking}, own {r.Model} baseline)", $"{r.Plan}, {r.Criterion}{(shared ? "" : ", " + r.Model)}",
                    accuracy, r.Flops, shared ? Ratio(r.Flops) : (double)r.Flops / r.BaselineFlops, r.Params, false, null, null, r.Seconds, r.Checkpoint,
                    SharedBaseline: shared));
            }
            if (l1.Scratch is { } s)
                points.Add(new(L1, "L1 plan from scratch", $"{l1.Runs.FirstOrDefault()?.Plan} from scratch", s.TestAccuracy, s.Flops, Ratio(s.Flops),
                    s.Params, false, null, null, s.Seconds, s.Checkpoint));
            Claims(L1, l1.Claims);
        }
        else { missing.Add(L1); Claims(L1, L1Claims.Check(0, [], null, null)); }

        if (File.Exists(Summary("metapruning")) && Read<MetaSummary>(Summary("metapruning")) is { } meta)
        {
            double searchCost = meta.PruningNet.Seconds + (meta.Search?.Seconds ?? 0);
            if (meta.Searched is { } searched)
                points.Add(new(Meta, "MetaPruning searched", "searched widths", searched.TestAccuracy, searched.Flops, Ratio(searched.Flops),
                    searched.Params, false, null, null, searchCost + searched.Seconds, searched.Checkpoint));
            if (meta.Uniform is { } uniform)
                points.Add(new(Meta, "MetaPruning uniform", $"uniform x{meta.UniformMultiplier:G3}", uniform.TestAccuracy, uniform.Flops, Ratio(uniform.Flops),
                    uniform.Params, false, null, null, uniform.Seconds, uniform.Checkpoint));
            Claims(Meta, meta.Claims);
        }
        else { missing.Add(Meta); Claims(Meta, MetaClaims.Check(new MetaSummary(profile, "", "", 0, 0, 0, null!, null, null, null, 0, null))); }

        if (File.Exists(Summary("rnp")) && Read<RnpSummary>(Summary("rnp")) is { } rnp)
        {
            foreach (var p in rnp.Sweep)
            {
                var r = p.Routed;
                points.Add(new(Rnp, "RNP", $"p {p.Penalty}", r.Accuracy, r.MeanFlops, Ratio(r.MeanFlops), null, true, r.Latency?.RoutedMs, null, r.Seconds, r.Backbone,
                    ReferenceB1Ms: r.Latency?.DenseMs));
                if (p.Static is { } st)
                    points.Add(new(Rnp, "RNP's static counterpart (L1, uniform)", $"same cost as p {p.Penalty}", st.Accuracy, st.Flops, Ratio(st.Flops),
                        null, false, null, null, st.Seconds, null));
            }
            if (rnp.Rnr is { } rnr)
                points.Add(new(Rnp, "RNR (own ResNet baseline)", $"p {rnr.Routed.Penalty}, {rnr.Routed.Model}", rnr.Routed.Accuracy, rnr.Routed.MeanFlops,
                    rnr.Routed.FlopsRatio, null, true, rnr.Routed.Latency?.RoutedMs, null, rnr.Routed.Seconds, rnr.Routed.Backbone, SharedBaseline: false,
                    ReferenceB1Ms: rnr.Routed.Latency?.DenseMs));
            Claims(Rnp, rnp.Claims);
        }
        else { missing.Add(Rnp); Claims(Rnp, RnpClaims.Check(new RnpSummary(profile, "", "", 0, 0, 0, [], null, null))); }

        if (File.Exists(Summary("ftwt")) && Read<FtwtSummary>(Summary("ftwt")) is { } ftwt)
        {
            foreach (var r in ftwt.Runs)
            {
                double flops = r.MeanFlops + r.PredictorMacs;
                points.Add(new(Ftwt, $"FTWT {r.Mode}", $"r {r.Threshold}, {r.Mode}", r.Accuracy, flops, Ratio(flops), null, true,
                    r.Latency?.GatedMs, null, r.Seconds, r.Checkpoint, ReferenceB1Ms: r.Latency?.DenseMs));
            }
            Claims(Ftwt, ftwt.Claims);
        }
        else { missing.Add(Ftwt); Claims(Ftwt, FtwtClaims.Check(new FtwtSummary(profile, "", "", 0, 0, 0, [], []))); }

        return new MethodComparison(profile, baseline?.Model ?? "?", baseline?.Dataset ?? "?", baseline?.TestAccuracy ?? double.NaN,
            baseline?.Flops ?? 0, points, claims, missing);
    }

    static T Read<T>(string path) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), AtomicFile.Json)
                   ?? throw new InvalidDataException($"{path}: empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a {typeof(T).Name} ({e.Message}); re-run the notebook that writes it.", e);
        }
    }
}
