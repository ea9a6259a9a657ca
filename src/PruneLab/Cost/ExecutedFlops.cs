using PruneLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Cost;

/// <summary>
/// Counts FLOPs from the shapes a forward pass really executes (forward hooks on every conv and linear), as an
/// independent check of <see cref="FlopCounter"/>: the two must agree on every backbone.
/// </summary>
public static class ExecutedFlops
{
    /// <summary>Per-layer multiply-accumulates for one sample, in execution order.</summary>
    public static IReadOnlyList<(string Name, long Flops)> Measure(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        var seen = new List<(string, long)>();
        var hooks = new List<IDisposable>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is ConvLayer conv)
                hooks.Add(Hook(conv, (x, y) => seen.Add((name, ConvMacs(conv, y)))));
            else if (module is Linear linear)
                hooks.Add(Hook(linear, (x, y) => seen.Add((name, linear.in_features * linear.out_features))));
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
