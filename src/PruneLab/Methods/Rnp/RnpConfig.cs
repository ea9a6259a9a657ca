using PruneLab.Data;
using PruneLab.Training;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// One routing experiment: which trained baseline, which data the agent and the backbone train on, the MDP and
/// schedule settings. <c>rnp</c> routes channel groups of a VGG; <c>rnr</c> routes block paths of a CIFAR ResNet.
/// </summary>
public sealed record RnpConfig
{
    public string Method { get; init; } = RnpMethods.Rnp;
    /// <summary>The trained dense network (a checkpoint of the kit).</summary>
    public required string Checkpoint { get; init; }
    public string Dataset { get; init; } = DatasetInfo.FashionMnistName;
    public DataOptions Data { get; init; } = new();
    public RnpOptions Options { get; init; } = new();
    /// <summary>RNR's paths per block (skip, then widths 1/(P-1) .. 1); ignored by RNP, whose actions are <see cref="RnpOptions.Groups"/>.</summary>
    public int Paths { get; init; } = 3;
    /// <summary>Test images timed one at a time by the latency measurement (0: none).</summary>
    public int LatencyImages { get; init; } = 200;
    public string Device { get; init; } = "auto";

    public void Validate()
    {
        if (Method is not (RnpMethods.Rnp or RnpMethods.Rnr)) throw new ArgumentException($"--method '{Method}': expected rnp or rnr.");
        if (Paths < 2) throw new ArgumentException($"--paths {Paths}: a routed block needs at least 2 paths (skip and full).");
        if (LatencyImages < 0) throw new ArgumentException("--latency-images must be 0 or more.");
        Options.Validate();
    }
}

public static class RnpMethods
{
    public const string Rnp = "rnp", Rnr = "rnr";
}

/// <summary>How often each action was taken at each step over the test set (shares, rows sum to 1).</summary>
public sealed record RnpResult(
    string Method, string Model, double Penalty, double Alpha, double BaselineAccuracy, double Accuracy, double MeanFlops,
    long DenseFlops, long AgentMacs, IReadOnlyList<RnpPhase> Phases, double[][] ActionShares, RoutingLatencyResult? Latency,
    double Seconds, string Backbone, string Agent)
{
    /// <summary>Average cost as a share of the dense network's (agent included).</summary>
    public double FlopsRatio => MeanFlops / DenseFlops;
}

/// <summary>Every test image's routing, for the visualisations (routing.json beside result.json).</summary>
public sealed record RoutingRecord(
    int[][] Actions, double[] Flops, int[] Predictions, long[] Labels, int[] BaselinePredictions, double[] BaselineConfidence, string[][] ActionLabels);
