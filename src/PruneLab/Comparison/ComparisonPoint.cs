namespace PruneLab.Comparison;

/// <summary>
/// One network of the comparison: a method's result on the shared baseline (or on its own backbone, see
/// <see cref="SharedBaseline"/>). FLOPs are per image: static networks' own, dynamic ones' average with the method's
/// overhead (agent, predictors) included. Latencies are per image at batch 1 and per batch of 64; null where not measured.
/// <see cref="ReferenceB1Ms"/> is the dense network timed in the same run, so speed-ups compare like with like.
/// </summary>
public sealed record ComparisonPoint(
    string Paper, string Series, string Label, double Accuracy, double Flops, double FlopsRatio, long? Params, bool Dynamic,
    double? LatencyB1Ms, double? LatencyB64Ms, double? TrainingSeconds, string? Checkpoint, bool SharedBaseline = true,
    double? ReferenceB1Ms = null)
{
    /// <summary>Measured batch-1 speed-up over the dense network of the same run.</summary>
    public double? SpeedupB1 => LatencyB1Ms is { } ms && ReferenceB1Ms is { } dense && ms > 0 ? dense / ms : null;
}

/// <summary>A paper's claim with this run's evidence and verdict.</summary>
public sealed record PaperClaim(string Paper, int Number, string Claim, string Evidence, string Verdict);
