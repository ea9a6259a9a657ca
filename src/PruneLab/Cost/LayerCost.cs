namespace PruneLab.Cost;

/// <summary>One row of a FLOPs table: a conv or linear layer's multiply-accumulates and parameters per input.</summary>
public sealed record LayerCost(string Name, string Kind, int InChannels, int OutChannels, int Kernel,
    int OutHeight, int OutWidth, long Flops, long Params, double Share);

/// <summary>A model's cost: FLOPs = multiply-accumulates of conv + linear layers (Li et al.'s convention);
/// params = conv/linear weights and biases plus batch-norm scales and shifts.</summary>
public sealed record CostReport(string Model, long Flops, long Params, IReadOnlyList<LayerCost> Layers)
{
    /// <summary>Conv and linear weights and biases only: how Li et al.'s tables count parameters.</summary>
    public long LayerParams => Layers.Sum(l => l.Params);
}
