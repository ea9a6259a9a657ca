using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TorchSharp.torch;

namespace PruneLab.Methods.Ftwt;

/// <summary>
/// A stride-1, same-padding convolution of one small map, computed in managed code straight from the kept rows and
/// columns of the kernel, without copying them out. At batch 1 a conv over a map of a few pixels is bound by reading
/// its weights, so gathering the kept weights first (a copy, then the conv reads the copy) costs about what the dense
/// conv does (measured on VGG-16 x1: no gain at 30% of the FLOPs); reading them in place costs only what is kept.
/// Vectorised over the output pixels, split over two threads by output filter.
/// </summary>
public sealed class GatheredConvolution
{
    readonly float[] _weight; // [out, in, k, k]
    readonly float[] _bias;
    readonly int _in, _k;

    /// <param name="weight">[out, in, k, k], odd k; batch norm already folded in.</param>
    public GatheredConvolution(Tensor weight, Tensor bias)
    {
        if (weight.dim() != 4 || weight.shape[2] != weight.shape[3] || weight.shape[2] % 2 == 0)
            throw new ArgumentException($"expected a square odd kernel [out, in, k, k], got [{string.Join(", ", weight.shape)}].");
        _weight = weight.contiguous().data<float>().ToArray();
        _bias = bias.contiguous().data<float>().ToArray();
        (_in, _k) = ((int)weight.shape[1], (int)weight.shape[2]);
    }

    /// <summary>
    /// Output filters <paramref name="outKept"/> over the input channels <paramref name="inKept"/> (kernel indices;
    /// channel j of <paramref name="x"/> [1, >= |inKept|, h, w] is kernel input inKept[j]): a map [1, |outKept|, h, w].
    /// </summary>
    public Tensor Run(Tensor x, long[] inKept, long[] outKept)
    {
        int h = (int)x.shape[2], w = (int)x.shape[3], hw = h * w, kin = inKept.Length, taps = _k * _k;
        int lanes = Vector<float>.Count, chunks = (hw + lanes - 1) / lanes, padded = chunks * lanes;
        var input = kin == 0 ? [] : x.narrow(1, 0, kin).contiguous().data<float>().ToArray();
        // im2col, each (channel, tap) row padded to whole vectors: cols[(j * taps + t) * padded + p].
        var cols = new float[Math.Max(1, kin * taps * padded)];
        int r = _k / 2;
        for (int j = 0; j < kin; j++)
            for (int t = 0; t < taps; t++)
            {
                int dy = t / _k - r, dx = t % _k - r, row = (j * taps + t) * padded;
                for (int y = 0; y < h; y++)
                    for (int xx = 0; xx < w; xx++)
                    {
                        int sy = y + dy, sx = xx + dx;
                        if (sy >= 0 && sy < h && sx >= 0 && sx < w) cols[row + y * w + xx] = input[(j * h + sy) * w + sx];
                    }
            }
        var output = new float[outKept.Length * hw];
        Parallel.For(0, 2, part =>
        {
            int from = part * outKept.Length / 2, to = (part + 1) * outKept.Length / 2;
            if (Vector<float>.Count == 8 && Fma.IsSupported && chunks <= 2)
                Fused(cols, inKept, outKept, taps, chunks, hw, output, from, to);
            else
                Portable(cols, inKept, outKept, taps, chunks, hw, output, from, to);
        });
        return tensor(output, [1, outKept.Length, h, w]);
    }

    /// <summary>
    /// Maps of up to 16 pixels (one or two vectors): accumulators in registers, three independent FMA chains per vector
    /// (a single chain waits on each FMA's latency), weights and columns read without bounds checks.
    /// </summary>
    void Fused(float[] cols, long[] inKept, long[] outKept, int taps, int chunks, int hw, float[] output, int from, int to)
    {
        ref float weights = ref MemoryMarshal.GetArrayDataReference(_weight);
        ref Vector256<float> columns = ref Unsafe.As<float, Vector256<float>>(ref MemoryMarshal.GetArrayDataReference(cols));
        Span<float> flat = stackalloc float[16];
        for (int o = from; o < to; o++)
        {
            int filter = (int)outKept[o];
            Vector256<float> a0 = default, a1 = default, a2 = default, b0 = default, b1 = default, b2 = default;
            for (int j = 0; j < inKept.Length; j++)
            {
                int wBase = (filter * _in + (int)inKept[j]) * taps, cBase = j * taps * chunks;
                int t = 0;
                for (; t + 3 <= taps; t += 3)
                {
                    var w0 = Vector256.Create(Unsafe.Add(ref weights, wBase + t));
                    var w1 = Vector256.Create(Unsafe.Add(ref weights, wBase + t + 1));
                    var w2 = Vector256.Create(Unsafe.Add(ref weights, wBase + t + 2));
                    int c = cBase + t * chunks;
                    a0 = Fma.MultiplyAdd(w0, Unsafe.Add(ref columns, c), a0);
                    a1 = Fma.MultiplyAdd(w1, Unsafe.Add(ref columns, c + chunks), a1);
                    a2 = Fma.MultiplyAdd(w2, Unsafe.Add(ref columns, c + 2 * chunks), a2);
                    if (chunks == 2)
                    {
                        b0 = Fma.MultiplyAdd(w0, Unsafe.Add(ref columns, c + 1), b0);
                        b1 = Fma.MultiplyAdd(w1, Unsafe.Add(ref columns, c + chunks + 1), b1);
                        b2 = Fma.MultiplyAdd(w2, Unsafe.Add(ref columns, c + 2 * chunks + 1), b2);
                    }
                }
                for (; t < taps; t++)
                {
                    var wt = Vector256.Create(Unsafe.Add(ref weights, wBase + t));
                    a0 = Fma.MultiplyAdd(wt, Unsafe.Add(ref columns, cBase + t * chunks), a0);
                    if (chunks == 2) b0 = Fma.MultiplyAdd(wt, Unsafe.Add(ref columns, cBase + t * chunks + 1), b0);
                }
            }
            (a0 + a1 + a2).CopyTo(flat);
            (b0 + b1 + b2).CopyTo(flat[8..]);
            float bias = _bias[filter];
            for (int p = 0; p < hw; p++) output[o * hw + p] = flat[p] + bias;
        }
    }

    void Portable(float[] cols, long[] inKept, long[] outKept, int taps, int chunks, int hw, float[] output, int from, int to)
    {
        var colV = MemoryMarshal.Cast<float, Vector<float>>(cols.AsSpan());
        Span<Vector<float>> acc = stackalloc Vector<float>[chunks];
        for (int o = from; o < to; o++)
        {
            acc.Clear();
            int filter = (int)outKept[o];
            for (int j = 0; j < inKept.Length; j++)
            {
                int wBase = (filter * _in + (int)inKept[j]) * taps, cBase = j * taps * chunks;
                for (int t = 0; t < taps; t++)
                {
                    var wv = new Vector<float>(_weight[wBase + t]);
                    for (int c = 0; c < chunks; c++) acc[c] += wv * colV[cBase + t * chunks + c];
                }
            }
            var flat = MemoryMarshal.Cast<Vector<float>, float>(acc);
            float b = _bias[filter];
            for (int p = 0; p < hw; p++) output[o * hw + p] = flat[p] + b;
        }
    }
}
