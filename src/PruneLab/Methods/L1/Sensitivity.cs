using PruneLab.Data;
using PruneLab.Models;
using PruneLab.Pruning;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Methods.L1;

/// <summary>One site's row of the sensitivity analysis: accuracy per prune ratio, and its sorted filter norms.</summary>
public sealed record SiteSensitivity(string Site, string Stage, int Channels, double[] Accuracy, double[] SortedNormalizedNorms);

public sealed record SensitivityResult(string Model, double BaselineAccuracy, double[] Ratios, int EvaluationImages, IReadOnlyList<SiteSensitivity> Sites);

/// <summary>
/// The paper's Fig. 2: prune one layer at a time by its smallest-L1 filters at each ratio, without retraining, and test
/// the (surgically smaller) network on held-out images; beside it, each layer's filter L1 norms sorted and divided by
/// the largest. Sites tied by residual adds are analysed as one (their first site names the row).
/// </summary>
public static class Sensitivity
{
    public static readonly double[] DefaultRatios = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    public static SensitivityResult Analyze(PrunableNet model, ImageSet heldOut, double[]? ratios = null, Device? device = null,
        RankingCriterion criterion = RankingCriterion.L1, Action<string>? log = null)
    {
        ratios ??= DefaultRatios;
        if (ratios.Length == 0 || ratios.Any(r => r <= 0 || r >= 1)) throw new ArgumentException("--ratios: each ratio must be in (0, 1)");
        device ??= CPU;
        var arch = model.Architecture;
        double baseline = Evaluator.Evaluate(model, heldOut, device).Accuracy;
        var rows = new List<SiteSensitivity>();
        foreach (var group in arch.Sites.GroupBy(s => s.CouplingGroup).OrderBy(g => g.Min(s => s.Index)))
        {
            var first = group.First();
            var accuracy = new double[ratios.Length];
            for (int r = 0; r < ratios.Length; r++)
            {
                int keep = PruningPlan.Keep(first.Channels, ratios[r]);
                var counts = arch.Sites.Select(s => s.CouplingGroup == first.CouplingGroup ? keep : s.Channels).ToArray();
                using var pruned = Surgery.Prune(model, FilterRanking.Select(model, counts, criterion));
                accuracy[r] = Evaluator.Evaluate(pruned, heldOut, device).Accuracy;
            }
            var norms = FilterRanking.Scores(model, first, RankingCriterion.L1).Select(v => (double)v).OrderByDescending(v => v).ToArray();
            var top = norms[0] > 0 ? norms[0] : 1;
            rows.Add(new SiteSensitivity(first.Name, first.Stage, first.Channels, accuracy, norms.Select(v => v / top).ToArray()));
            log?.Invoke($"{first.Name}: {string.Join(" ", accuracy.Select(a => a.ToString("P0")))}");
        }
        return new SensitivityResult(arch.Spec.Family, baseline, ratios, heldOut.Count, rows);
    }
}
