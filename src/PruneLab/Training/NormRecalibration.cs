using PruneLab.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Training;

/// <summary>
/// Re-estimates every batch norm's running statistics of a network on a few training batches (train mode, no
/// gradient, no weight change), as an exact average over those batches. Needed wherever weights did not come from
/// training this exact network: MetaPruning's generated candidates, pruned or re-routed networks.
/// </summary>
public static class NormRecalibration
{
    public static void Run(nn.Module<Tensor, Tensor> model, ImageSet train, Device device, int batches, int batchSize = 128, int seed = 0)
    {
        if (batches < 1) throw new ArgumentException("--recalibration-batches must be at least 1.");
        var norms = model.modules().OfType<NormBase>().ToArray();
        foreach (var n in norms) n.reset_running_stats();
        var momentum = norms.Select(n => n.momentum).ToArray();
        var loader = new BatchLoader(train, batchSize, shuffle: true, augment: false, seed: seed);
        model.train();
        using (no_grad())
        {
            int k = 0;
            foreach (var (x, _) in loader.Epoch(0, device).Take(batches))
            {
                using var scope = NewDisposeScope();
                k++;
                foreach (var n in norms) n.momentum = 1.0 / k; // running value = mean over the k batches seen
                model.forward(x);
            }
        }
        for (int i = 0; i < norms.Length; i++) norms[i].momentum = momentum[i];
        model.eval();
    }
}
