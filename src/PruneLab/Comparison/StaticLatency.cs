using PruneLab.Bench;
using PruneLab.Models;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Comparison;

/// <summary>
/// Times every static network of a comparison (its checkpoint) at batch 1 and 64, interleaved pass by pass
/// (<see cref="InterleavedTiming"/>) so the machine's drift hits them alike; dynamic methods keep the batch-1 timing
/// their own runs measured beside their dense network (their engines run one image at a time). Speed-ups are against
/// the dense baseline of the same run, for networks on the shared baseline only.
/// </summary>
public static class StaticLatency
{
    /// <summary><paramref name="calls"/> timed forward calls per network and pass at batch 1 (a tenth of them at batch 64), 5 passes.</summary>
    public static MethodComparison Measure(MethodComparison comparison, int calls = 50, Device? device = null)
    {
        device ??= CPU;
        var timed = comparison.Points.Select((p, i) => (p, i)).Where(x => !x.p.Dynamic && x.p.Checkpoint is not null && File.Exists(x.p.Checkpoint)).ToArray();
        var models = new List<PrunableNet>();
        try
        {
            foreach (var (p, _) in timed)
            {
                var (model, _) = Checkpoint.Load(p.Checkpoint!, device);
                models.Add(model);
            }
            var b1 = ForwardLatency.Ms(models, 1, calls, device);
            var b64 = ForwardLatency.Ms(models, 64, calls / 10, device);
            var points = comparison.Points.ToArray();
            for (int k = 0; k < timed.Length; k++)
                points[timed[k].i] = points[timed[k].i] with { LatencyB1Ms = b1[k], LatencyB64Ms = b64[k] };
            double? dense = points.FirstOrDefault(p => p.Series == ResultCollector.DenseSeries)?.LatencyB1Ms;
            return comparison with
            {
                Points = points.Select(p => p.Dynamic ? p : p with { ReferenceB1Ms = p.SharedBaseline ? dense : null }).ToArray(),
            };
        }
        finally
        {
            foreach (var m in models) m.Dispose();
        }
    }
}
