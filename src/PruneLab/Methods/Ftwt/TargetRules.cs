namespace PruneLab.Methods.Ftwt;

/// <summary>Target rules written as <see cref="TargetRule"/>s: the paper's two are the defaults, and the shape an ablation edits.</summary>
public static class TargetRules
{
    /// <summary>Elkerdawy et al. (CVPR 2022): the smallest set of most massive filters holding at most r of the heatmap mass (<see cref="FilterTargets.HeatmapMass"/>).</summary>
    public static readonly TargetRule HeatmapMass = FilterTargets.HeatmapMass;

    /// <summary>The paper's uniform alternative: the ceil(<paramref name="keep"/> * C) most massive filters, whatever r (<see cref="FilterTargets.Uniform"/>).</summary>
    public static TargetRule Uniform(double keep) => (output, _) => FilterTargets.Uniform(output, keep);
}
