using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// One conv's mask predictor: the conv's input, globally pooled (average + softmax over channels as the released code,
/// or max as the paper's text), through a fully connected layer C_in -> C_out with bias: one logit per filter.
/// The filter runs when sigmoid(logit) > 0.5, i.e. logit > 0.
/// </summary>
public sealed class MaskPredictor : nn.Module<Tensor, Tensor>
{
    readonly Linear fc;
    readonly bool _max;

    public MaskPredictor(string name, int inChannels, int outChannels, string pooling) : base(name)
    {
        fc = nn.Linear(inChannels, outChannels, hasBias: true);
        _max = pooling == FtwtPooling.Max;
        RegisterComponents();
    }

    public Linear Layer => fc;
    public long InChannels => fc.in_features;
    public long OutChannels => fc.out_features;
    /// <summary>Multiply-accumulates per image (the fully connected layer; pooling is a few adds per input value).</summary>
    public long Macs => fc.in_features * fc.out_features;

    /// <summary>The pooled descriptor [N, C_in] of a conv input [N, C_in, H, W].</summary>
    public Tensor Pool(Tensor input) => _max ? input.amax([2, 3]) : input.mean([2, 3]).softmax(1);

    /// <summary>Logits [N, C_out] for a conv input [N, C_in, H, W].</summary>
    public override Tensor forward(Tensor input) => fc.call(Pool(input));

    /// <summary>Logits from an already pooled descriptor (the gated engine pools only the channels it kept).</summary>
    public Tensor FromPooled(Tensor pooled) => fc.call(pooled);
}
