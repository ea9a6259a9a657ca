using PruneLab.Bench;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Comparison;

/// <summary>
/// Times every static network of a comparison (its checkpoint) at batch 1 and 64 in one run, so they are compared
/// under the same conditions; dynamic methods keep the batch-1 timing their own runs measured beside their dense
/// network (their engines run one image at a time).
/// </summary>
public static class StaticLatency
{
    public static MethodComparison Measure(MethodComparison comparison, double minSeconds = 0.5, Device? device = null)
    {
        device ??= CPU;
        var points = comparison.Points.Select(p =>
        {
            if (p.Dynamic || p.Checkpoint is null || !File.Exists(p.Checkpoint)) return p;
            var (model, _) = Checkpoint.Load(p.Checkpoint, device);
            using (model)
            {
                model.eval();
                var spec = model.Spec;
                using var one = randn(1, spec.InChannels, spec.ImageSize, spec.ImageSize, device: device);
                using var batch = randn(64, spec.InChannels, spec.ImageSize, spec.ImageSize, device: device);
                return p with
                {
                    LatencyB1Ms = 1e3 * Timing.InferenceSeconds(model, one, device, minSeconds),
                    LatencyB64Ms = 1e3 * Timing.InferenceSeconds(model, batch, device, minSeconds),
                };
            }
        }).ToArray();
        double? dense = points.FirstOrDefault(p => p.Series == ResultCollector.DenseSeries)?.LatencyB1Ms;
        return comparison with { Points = points.Select(p => p.Dynamic ? p : p with { ReferenceB1Ms = dense }).ToArray() };
    }
}
