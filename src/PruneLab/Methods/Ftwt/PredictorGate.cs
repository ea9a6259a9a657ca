using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// FTWT's mask predictors as a gate of the sliced engine: each site's predictor pools the conv's input as executed
/// (absent channels pool to 0, as silenced ones do in the masked path), and the filters with a positive logit run.
/// The predictors' weights are read once into managed arrays, so a decision is a few vectorised dot products rather
/// than a handful of libtorch calls per site. Records the filters each site kept in the last run.
/// </summary>
public sealed class PredictorGate : ISlicedGate
{
    readonly (float[] Weight, float[] Bias, int In, int Out)[] _layers;
    readonly bool _max;
    readonly KeptChannels[] _kept;

    public PredictorGate(GatedNet gated)
    {
        _max = gated.Options.Pooling == FtwtPooling.Max;
        using var _ = no_grad();
        _layers = gated.Predictors.Select(p => (
            p.Layer.weight.detach().cpu().contiguous().data<float>().ToArray(),
            p.Layer.bias!.detach().cpu().data<float>().ToArray(),
            (int)p.InChannels, (int)p.OutChannels)).ToArray();
        _kept = new KeptChannels[_layers.Length];
    }

    /// <summary>The filters each site kept in the last run.</summary>
    public IReadOnlyList<KeptChannels> Kept => _kept;

    public KeptChannels Select(int site, SlicedInput input)
    {
        var (weight, bias, inputs, outputs) = _layers[site];
        var pooled = input.Pooled(_max);
        if (!_max) Softmax(pooled);
        var kept = new List<int>(outputs);
        for (int o = 0; o < outputs; o++)
            if (bias[o] + Rnp.AgentInference.Dot(weight.AsSpan(o * inputs, inputs), pooled) > 0) kept.Add(o);
        return _kept[site] = kept.Count == outputs ? KeptChannels.All(outputs) : KeptChannels.Of(kept.ToArray(), outputs);
    }

    static void Softmax(Span<float> x)
    {
        float max = float.NegativeInfinity, sum = 0;
        foreach (var v in x) max = Math.Max(max, v);
        for (int i = 0; i < x.Length; i++) sum += x[i] = MathF.Exp(x[i] - max);
        for (int i = 0; i < x.Length; i++) x[i] /= sum;
    }
}
