using PruneLab.Cost;
using PruneLab.Data;
using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>A gated network on a whole set in eval mode: loss, accuracy and each image's kept filters per site.</summary>
public sealed record FtwtEvaluation(double Loss, double Accuracy, int[][] Kept, int[] Predictions, long[] Labels)
{
    public static FtwtEvaluation Of(GatedNet gated, ImageSet set, Device device, int batchSize = 256)
    {
        gated.eval();
        var (mode, collect) = (gated.Mode, gated.CollectTargets);
        (gated.Mode, gated.CollectTargets) = (GateMode.Predicted, false);
        try
        {
            using var _ = no_grad();
            double loss = 0;
            var kept = new List<int[]>();
            var predictions = new List<int>();
            foreach (var (x, y) in new BatchLoader(set, batchSize, shuffle: false, augment: false, seed: 0).Epoch(0, device))
            {
                using var scope = NewDisposeScope();
                var logits = gated.forward(x);
                loss += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                predictions.AddRange(logits.argmax(1).cpu().data<long>().Select(v => (int)v));
                kept.AddRange(Rows(gated.KeptCounts!));
            }
            var labels = set.LabelArray;
            double accuracy = predictions.Zip(labels).Count(p => p.First == p.Second) / (double)set.Count;
            return new FtwtEvaluation(loss / set.Count, accuracy, kept.ToArray(), predictions.ToArray(), labels);
        }
        finally
        {
            (gated.Mode, gated.CollectTargets) = (mode, collect);
        }
    }

    /// <summary>Kept counts [N, sites] as one row per image.</summary>
    public static int[][] Rows(Tensor counts)
    {
        var flat = counts.to(ScalarType.Int32).cpu().data<int>().ToArray();
        int sites = (int)counts.shape[1];
        return Enumerable.Range(0, (int)counts.shape[0]).Select(i => flat[(i * sites)..((i + 1) * sites)]).ToArray();
    }

    /// <summary>Per-image FLOPs as the paper counts them (active inputs from the previous site's mask).</summary>
    public double[] Flops(GatedNet gated) => FlopCounter.PerSample(gated.Architecture, Counts());

    /// <summary>Per-image FLOPs the gated engine executes (a ResNet's residual stream is read whole).</summary>
    public double[] ExecutedFlops(GatedNet gated) => FlopCounter.PerSample(gated.Architecture, Counts(), denseResidualInputs: true);

    /// <summary>Mean share of each site's filters kept over the set.</summary>
    public double[] KeptShare(GatedNet gated) =>
        gated.Sites.Select(s => Kept.Average(k => (double)k[s.Index]) / s.Channels).ToArray();

    Tensor Counts()
    {
        int sites = Kept.Length == 0 ? 0 : Kept[0].Length;
        return tensor(Kept.SelectMany(k => k).ToArray(), [Kept.Length, sites]);
    }
}
