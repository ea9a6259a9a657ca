using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// FTWT's masks executed, not simulated: one image at a time, each site's predictor picks the filters
/// (<see cref="PredictorGate"/>) and the shared <see cref="SlicedExecution"/> computes only those filters over only the
/// input channels kept upstream, norms folded. Any backbone (VGG-16, CIFAR ResNets, MobileNetV2). Eval-mode semantics;
/// the output equals <see cref="GatedNet"/>'s masked path (tested).
/// </summary>
public sealed class GatedInference : IDisposable
{
    readonly GatedNet _gated;
    readonly SlicedExecution _engine;
    readonly PredictorGate _gate;

    public GatedInference(GatedNet gated)
    {
        _gated = gated;
        _engine = new SlicedExecution(gated.Backbone);
        _gate = new PredictorGate(gated);
    }

    /// <summary>Dynamic inference on one image [1, C, H, W]: logits [1, classes] and the filters each site kept.</summary>
    public (Tensor Logits, KeptChannels[] Kept) Run(Tensor image)
    {
        if (image.shape[0] != 1) throw new ArgumentException($"gated inference decides per image: expected a batch of 1, got {image.shape[0]}.");
        var logits = _engine.Run(image, _gate);
        return (logits, _gate.Kept.ToArray());
    }

    /// <summary>The same execution under given filters per site: for testing and for timing the convs alone.</summary>
    public Tensor Replay(Tensor image, IReadOnlyList<KeptChannels> kept)
    {
        if (kept.Count != _gated.Sites.Count) throw new ArgumentException($"expected kept filters for {_gated.Sites.Count} sites, got {kept.Count}.");
        return _engine.Run(image, new FixedGate(kept));
    }

    public void Dispose() => _engine.Dispose();
}
