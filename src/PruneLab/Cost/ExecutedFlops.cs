using PruneLab.Models;
using PruneLab.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Cost;

/// <summary>
/// Counts FLOPs from the shapes a forward pass really executes (forward hooks on every conv and linear), as an
/// independent check of <see cref="FlopCounter"/>: the two must agree on every backbone. <see cref="MeasureWithPadding"/>
/// adds what the CPU really computed where <see cref="ConvolutionGuard"/> pads a conv's channels, so a pruned network's
/// measured speed can be read against the work it really cost.
/// </summary>
public static class ExecutedFlops
{
    /// <summary>Per-layer multiply-accumulates for one sample, in execution order.</summary>
    public static IReadOnlyList<(string Name, long Flops)> Measure(nn.Module<Tensor, Tensor> model, Tensor input) =>
        Run(model, input, withPadding: false).Select(l => (l.Name, l.Nominal)).ToList();

    /// <summary>
    /// Per-layer multiply-accumulates for one sample, nominal and as executed by the guard in inference (padded channels
    /// included), in execution order. Checks each conv geometry on this machine first where that has not been done.
    /// </summary>
    public static ExecutedMacs MeasureWithPadding(nn.Module<Tensor, Tensor> model, Tensor input) =>
        new(Run(model, input, withPadding: true));

    static List<ExecutedLayerMacs> Run(nn.Module<Tensor, Tensor> model, Tensor input, bool withPadding)
    {
        var seen = new List<ExecutedLayerMacs>();
        var hooks = new List<IDisposable>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is ConvLayer conv)
                hooks.Add(Hook(conv, (x, y) =>
                {
                    long nominal = ConvMacs(conv, y);
                    long executed = withPadding
                        ? ConvolutionGuard.ExecutedGeometry(ConvGeometry.Of(x, conv.weight, conv.Stride, conv.Padding, conv.Groups)).Macs
                        : nominal;
                    seen.Add(new(name, nominal, executed));
                }));
            else if (module is Linear linear)
                hooks.Add(Hook(linear, (x, y) => seen.Add(new(name, linear.in_features * linear.out_features, linear.in_features * linear.out_features))));
        }
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            model.eval();
            model.forward(input);
        }
        finally
        {
            foreach (var h in hooks) h.Dispose();
        }
        return seen;
    }

    static long ConvMacs(ConvLayer conv, Tensor output)
    {
        var w = conv.weight.shape; // [out, in / groups, kh, kw]
        return output.shape[1] * output.shape[2] * output.shape[3] * w[1] * w[2] * w[3];
    }

    static IDisposable Hook(nn.Module<Tensor, Tensor> module, Action<Tensor, Tensor> onForward)
    {
        var handle = module.register_forward_hook((m, x, y) => { onForward(x, y); return y; });
        return new Removal(handle.remove);
    }

    sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}

/// <summary>One layer's multiply-accumulates per sample: as the network defines them, and as the CPU computed them.</summary>
public readonly record struct ExecutedLayerMacs(string Name, long Nominal, long Executed);

/// <summary>A forward pass's multiply-accumulates per sample, nominal and executed (see <see cref="ExecutedFlops.MeasureWithPadding"/>).</summary>
public sealed record ExecutedMacs(IReadOnlyList<ExecutedLayerMacs> Layers)
{
    public long Nominal => Layers.Sum(l => l.Nominal);
    public long Executed => Layers.Sum(l => l.Executed);

    public override string ToString() => $"nominal {Nominal / 1e6:F2} MMAC, executed {Executed / 1e6:F2} MMAC";
}
