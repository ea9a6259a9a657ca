using PruneLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>What a <see cref="GatedNet"/> forward pass does at each site.</summary>
public enum GateMode
{
    /// <summary>Each filter runs when its predictor says so (training and inference).</summary>
    Predicted,
    /// <summary>Nothing is masked; the target rule is read off the dense network (the estimate before training).</summary>
    Dense,
}

/// <summary>
/// A backbone with one <see cref="MaskPredictor"/> per site (every conv with its own filters: VGG's convs, a ResNet's
/// stem and both convs of each block, MobileNetV2's stem, expansions, projections and last conv), plugged in through
/// <see cref="ISiteGate"/>. Each predictor sees its conv's input, already masked upstream, and the site's output is
/// multiplied by the hard predicted mask (the masked path: every filter is computed, so it trains in batches;
/// <see cref="GatedInference"/> is the path that skips them). With <see cref="CollectTargets"/> each forward pass also
/// builds the self-supervised targets from the site's output and the mean binary cross-entropy over sites.
/// Decoupled mode detaches the predictors' inputs, so the mask loss trains only the predictors.
/// </summary>
public sealed class GatedNet : PrunableNet, ISiteGate
{
    readonly PrunableNet backbone;
    readonly ModuleList<MaskPredictor> predictors;
    readonly FtwtOptions _options;
    readonly Tensor?[] _masks;
    readonly Tensor?[] _counts;
    readonly Tensor?[] _outputs;
    readonly List<Tensor> _losses = [];

    public GatedNet(PrunableNet net, FtwtOptions options) : base(nameof(GatedNet), net.Architecture)
    {
        options.Validate();
        backbone = net;
        _options = options;
        predictors = nn.ModuleList(net.Sites.Select(s =>
            new MaskPredictor($"p{s.Index}", net.Architecture.Layer(s.Name).InChannels, s.Channels, options.Pooling)).ToArray());
        _masks = new Tensor?[net.Sites.Count];
        _counts = new Tensor?[net.Sites.Count];
        _outputs = new Tensor?[net.Sites.Count];
        RegisterComponents();
        net.Gate = this;
    }

    public PrunableNet Backbone => backbone;
    public IReadOnlyList<MaskPredictor> Predictors => predictors.ToArray();
    public FtwtOptions Options => _options;
    public GateMode Mode { get; set; } = GateMode.Predicted;
    /// <summary>Build targets and the mask loss in each forward pass (training while the mask loss is on; the estimate).</summary>
    public bool CollectTargets { get; set; }

    /// <summary>The predictors' multiply-accumulates per image.</summary>
    public long PredictorMacs => predictors.Sum(p => p.Macs);
    public IEnumerable<Parameter> PredictorParameters => predictors.parameters();

    /// <summary>The last forward pass's mean binary cross-entropy over sites (null without <see cref="CollectTargets"/>).</summary>
    public Tensor? MaskLoss { get; private set; }

    /// <summary>
    /// The last forward pass's kept filters per image and site [N, sites]: the predicted masks' sizes (mode
    /// <see cref="GateMode.Predicted"/>) or the targets' (mode <see cref="GateMode.Dense"/>). Lives in the caller's dispose scope.
    /// </summary>
    public Tensor? KeptCounts { get; private set; }

    /// <summary>The last forward pass's mask of each site [N, C] (1 runs, 0 skipped); null in dense mode.</summary>
    public IReadOnlyList<Tensor?> Masks => _masks;

    /// <summary>Keep each site's output as the target rule reads it (after the activation) in <see cref="Outputs"/>: for showing the rule at work.</summary>
    public bool CaptureOutputs { get; set; }

    /// <summary>With <see cref="CaptureOutputs"/>, the last forward pass's output of each site [N, C, H, W] (before its mask).</summary>
    public IReadOnlyList<Tensor?> Outputs => _outputs;

    public override Tensor forward(Tensor x)
    {
        Array.Clear(_masks);
        Array.Clear(_counts);
        Array.Clear(_outputs);
        _losses.Clear();
        var logits = backbone.call(x);
        KeptCounts = _counts.All(c => c is not null) ? stack(_counts!, 1) : null;
        MaskLoss = _losses.Count > 0 ? stack(_losses).mean() : null;
        return logits;
    }

    public Tensor Apply(int site, Tensor convInput, Tensor normOutput, SiteActivation activation)
    {
        Tensor? target = null;
        if (CaptureOutputs) _outputs[site] = Activate(normOutput, activation).detach();
        if (CollectTargets || Mode == GateMode.Dense)
            using (no_grad()) target = _options.Targets(Activate(normOutput, activation));
        if (Mode == GateMode.Dense)
        {
            _counts[site] = target!.sum(1);
            return normOutput;
        }
        var input = _options.Mode == FtwtModes.Decoupled ? convInput.detach() : convInput;
        var logits = predictors[site].call(input);
        if (target is not null) _losses.Add(nn.functional.binary_cross_entropy_with_logits(logits, target));
        var mask = logits.detach().gt(0).to(normOutput.dtype);
        _masks[site] = mask;
        _counts[site] = mask.sum(1);
        return normOutput * mask.unsqueeze(2).unsqueeze(3);
    }

    public Tensor Follow(int site, Tensor normOutput) =>
        _masks[site] is { } mask ? normOutput * mask.unsqueeze(2).unsqueeze(3) : normOutput;

    /// <summary>The output the target rule reads: after the site's activation (for a ResNet block's second conv: before the add).</summary>
    static Tensor Activate(Tensor y, SiteActivation activation) => activation switch
    {
        SiteActivation.Relu => y.relu(),
        SiteActivation.Relu6 => nn.functional.relu6(y),
        _ => y,
    };
}
