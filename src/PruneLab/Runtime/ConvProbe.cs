using static TorchSharp.torch;

namespace PruneLab.Runtime;

/// <summary>
/// Checks oneDNN's convolution of one geometry against libtorch's native kernels, on fresh random data in each of
/// <see cref="Trials"/> trials (some faults come and go); a NaN or infinity anywhere fails. oneDNN always runs at the
/// real batch, so libtorch and oneDNN pick the kernel and split the work across threads as in the real call (both depend
/// on the batch: libtorch sends small batch-1 convs to its own kernels, oneDNN blocks and threads over the batch). Only
/// the slow native reference is made cheap, in ways that are exact: the output and the input gradient of one sample
/// depend on that sample alone, so they are compared on <see cref="CheckedSamples"/> samples (the first, the last, two
/// at random; all of them at small batches); the weight gradient sums over the whole batch, so it is compared through a
/// random projection (Freivalds' check) that costs one single-filter native conv. The caller must hold oneDNN enabled
/// for the whole check (see <see cref="ConvolutionGuard"/>).
/// </summary>
internal static class ConvProbe
{
    const int Trials = 3;
    const int CheckedSamples = 4;

    public static bool ForwardRight(ConvGeometry g)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (int trial = 0; trial < Trials; trial++)
        {
            var (x, w, random, generator) = Operands(g);
            using (generator)
            {
                var y = ConvolutionGuard.Plain(x, w, null, g.Stride, g.Padding, g.Groups);
                if (!Finite(y)) return false;
                var samples = Samples(g.Batch, random);
                var reference = ConvolutionGuard.WithoutOneDnn(() => ConvolutionGuard.Plain(x.index_select(0, samples), w, null, g.Stride, g.Padding, g.Groups));
                if (!Close(y.index_select(0, samples), reference)) return false;
            }
        }
        return true;
    }

    public static bool BackwardRight(ConvGeometry g)
    {
        using var scope = NewDisposeScope();
        using var _ = enable_grad(); // the check differentiates, even when the call that asked for it runs under no_grad
        for (int trial = 0; trial < Trials; trial++)
        {
            var (x, w, random, generator) = Operands(g);
            using (generator)
            {
                var xi = x.requires_grad_(true);
                var wi = w.requires_grad_(true);
                var y = ConvolutionGuard.Plain(xi, wi, null, g.Stride, g.Padding, g.Groups);
                var upstream = randn(y.shape, generator: generator);
                var grads = autograd.grad([y], [xi, wi], [upstream]);
                var (gx, gw) = (grads[0], grads[1]);
                if (!Finite(gx) || !Finite(gw)) return false;

                var samples = Samples(g.Batch, random);
                var gxReference = ConvolutionGuard.WithoutOneDnn(() =>
                {
                    var xs = x.detach().index_select(0, samples).requires_grad_(true);
                    var ys = ConvolutionGuard.Plain(xs, w.detach(), null, g.Stride, g.Padding, g.Groups);
                    return autograd.grad([ys], [xs], [upstream.index_select(0, samples)])[0];
                });
                if (!Close(gx.index_select(0, samples), gxReference)) return false;
                if (!WeightGradientRight(x.detach(), w.detach(), upstream, gw, g, generator)) return false;
            }
        }
        return true;
    }

    static bool WeightGradientRight(Tensor x, Tensor w, Tensor upstream, Tensor gw, ConvGeometry g, Generator generator)
    {
        if (g.Batch <= CheckedSamples || g.Groups != 1)
        {
            // Small batches, and grouped convs (depthwise: cheap anyway): the whole native weight gradient.
            var reference = ConvolutionGuard.WithoutOneDnn(() =>
            {
                var wi = w.detach().requires_grad_(true);
                var y = ConvolutionGuard.Plain(x, wi, null, g.Stride, g.Padding, g.Groups);
                return autograd.grad([y], [wi], [upstream])[0];
            });
            return Close(gw, reference);
        }
        // With R = r (x) q (r over the filters, q shaped as one filter), <R, gw> = <sum_o r_o upstream[:, o], conv(x, q)>:
        // both sides in float64, the right one from a native conv with one filter. A wrong entry shifts the left side
        // by its error times a random weight, far beyond float32 rounding (compared against the terms' L2 norm).
        var r = randn([g.OutChannels], generator: generator);
        var q = randn([1, g.InChannels, g.KernelHeight, g.KernelWidth], generator: generator);
        var left = gw.to_type(ScalarType.Float64) * (r.view(-1, 1, 1, 1) * q).to_type(ScalarType.Float64);
        var byQ = ConvolutionGuard.WithoutOneDnn(() => ConvolutionGuard.Plain(x, q, null, g.Stride, g.Padding, 1));
        var right = (upstream * r.view(1, -1, 1, 1)).sum([1], keepdim: true).to_type(ScalarType.Float64) * byQ.to_type(ScalarType.Float64);
        double difference = Math.Abs(left.sum().item<double>() - right.sum().item<double>());
        double scale = Math.Max(left.square().sum().sqrt().item<double>(), right.square().sum().sqrt().item<double>());
        return double.IsFinite(difference) && difference <= 1e-3 * Math.Max(scale, 1e-12);
    }

    static (Tensor X, Tensor W, Random Random, Generator Generator) Operands(ConvGeometry g)
    {
        long seed = Random.Shared.NextInt64(long.MaxValue);
        var generator = new Generator(unchecked((ulong)seed));
        var x = randn([g.Batch, g.InChannels, g.Height, g.Width], generator: generator);
        var w = randn([g.OutChannels, g.InChannels / g.Groups, g.KernelHeight, g.KernelWidth], generator: generator);
        return (x, w, new Random(unchecked((int)seed)), generator);
    }

    /// <summary>The first and last sample and two others at random; every sample when there are few.</summary>
    static Tensor Samples(long batch, Random random)
    {
        if (batch <= CheckedSamples) return arange(batch);
        var picked = new SortedSet<long> { 0, batch - 1 };
        while (picked.Count < CheckedSamples) picked.Add(random.NextInt64(1, batch - 1));
        return tensor(picked.ToArray());
    }

    static bool Finite(Tensor t) => t.isfinite().all().item<bool>();

    static bool Close(Tensor actual, Tensor reference)
    {
        var scale = reference.abs().max().item<float>();
        var error = (actual - reference).abs().max().item<float>();
        return float.IsFinite(error) && error <= 1e-3f * Math.Max(scale, 1e-6f);
    }
}
