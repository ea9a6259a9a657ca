using PruneLab.Bench;
using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// Batch-1 wall-clock latency per image on the same test images, measured in one run: the dense network (the
/// ordinary module), the same full network through the sliced engine (norms folded; every group or path kept),
/// dynamic inference (agent + sliced steps), and the sliced steps alone under each image's recorded actions (the
/// difference is the agent's own time). Beside it the theoretical speed-up from the images' FLOPs, agent included.
/// </summary>
public sealed record RoutingLatencyResult(
    int Images, double DenseMs, double FullSlicedMs, double RoutedMs, double StepsOnlyMs, double DenseFlops, double MeanRoutedFlops, bool SameActions)
{
    /// <summary>Dense module over dynamic inference: the speed-up a user of the ordinary network sees.</summary>
    public double Speedup => DenseMs / RoutedMs;
    /// <summary>The same engine at full width over dynamic inference: the speed-up owed to routing alone.</summary>
    public double EngineSpeedup => FullSlicedMs / RoutedMs;
    public double AgentMs => RoutedMs - StepsOnlyMs;
    public double FlopsSpeedup => DenseFlops / MeanRoutedFlops;
    /// <summary>The measured speed-up as a share of the theoretical one (the target: at least 0.7).</summary>
    public double ShareOfTheoretical => Speedup / FlopsSpeedup;
}

public static class RoutingLatency
{
    /// <summary>
    /// Times every image of <paramref name="images"/> [N, C, H, W] one at a time under all four engines, interleaved
    /// (<see cref="InterleavedTiming"/>), <paramref name="repeats"/> passes after a warm-up, the median pass per engine.
    /// Also checks that dynamic inference takes the same actions as the batched greedy routing
    /// (<paramref name="expected"/> [N, steps], null to skip).
    /// </summary>
    public static RoutingLatencyResult Measure(IRoutedNetwork routed, RoutingAgent agent, Tensor images, long[,]? expected = null, int repeats = 5)
    {
        var net = routed.Network;
        net.eval();
        using var _ = no_grad();
        var fast = new AgentInference(agent);
        int n = (int)images.shape[0];
        var singles = Enumerable.Range(0, n).Select(i => images.narrow(0, i, 1).contiguous()).ToArray();
        var full = Enumerable.Repeat(routed.Actions, routed.Steps).ToArray();
        var taken = new int[n][];
        Action<int>[] engines =
        [
            i => { using var s = NewDisposeScope(); net.call(singles[i]); },
            i => { using var s = NewDisposeScope(); routed.Sliced(singles[i], full); },
            i => { var (logits, actions) = RoutedInference.Run(routed, fast, singles[i]); logits.Dispose(); taken[i] = actions; },
            i => { using var s = NewDisposeScope(); routed.Sliced(singles[i], taken[i]); },
        ];
        var ms = InterleavedTiming.MedianMs(engines, n, repeats);
        foreach (var s in singles) s.Dispose();

        long agentMacs = Enumerable.Range(0, routed.Steps).Sum(agent.Macs);
        double meanFlops = taken.Average(a => (double)routed.Flops(a) + agentMacs);
        bool same = expected is null || Enumerable.Range(0, n).All(i => Enumerable.Range(0, routed.Steps).All(s => expected[i, s] == taken[i][s]));
        return new RoutingLatencyResult(n, ms[0], ms[1], ms[2], ms[3], routed.DenseFlops(), meanFlops, same);
    }
}
