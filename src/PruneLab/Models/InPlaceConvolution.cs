using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PruneLab.Models;

/// <summary>
/// A stride-1 "same" convolution of one small map, computed in managed code straight from the kept rows and columns of
/// a kernel held once in managed memory. On maps of a few pixels a batch-1 conv is bound by reading its weights, and a
/// library conv reads them more than once (it copies kept weights out, and oneDNN reorders every kernel it is given),
/// so reading only the kept weights, once, in place, is what makes a partly kept layer cheaper in time and not only in
/// FLOPs. Tiles of 4 filters x 16 pixels accumulate in registers; output filters are split over the torch threads.
/// </summary>
internal sealed class InPlaceConvolution
{
    const int Tile = 16; // pixels per register tile (two 8-float vectors)
    readonly float[] _weight; // [out, in, k * k]
    readonly float[] _bias;
    readonly int _in, _k;

    public InPlaceConvolution(float[] weight, float[] bias, int inChannels, int kernel)
    {
        if (kernel % 2 == 0) throw new ArgumentException($"an odd kernel is needed for 'same' padding, got {kernel}.");
        (_weight, _bias, _in, _k) = (weight, bias, inChannels, kernel);
    }

    /// <summary>
    /// Output filters <paramref name="outKept"/> over input channels <paramref name="inKept"/> (channel j of
    /// <paramref name="input"/> [|inKept|, h, w] is kernel input inKept[j]) into <paramref name="output"/> [|outKept|, h, w].
    /// </summary>
    public void Run(ReadOnlySpan<float> input, int h, int w, ReadOnlySpan<int> inKept, ReadOnlySpan<int> outKept, Span<float> output, int threads)
    {
        int hw = h * w, taps = _k * _k, padded = (hw + Tile - 1) / Tile * Tile, rows = inKept.Length * taps;
        var cols = ArrayPool<float>.Shared.Rent(Math.Max(1, rows * padded));
        var inIdx = ArrayPool<int>.Shared.Rent(Math.Max(1, inKept.Length));
        var outIdx = ArrayPool<int>.Shared.Rent(Math.Max(1, outKept.Length));
        var result = ArrayPool<float>.Shared.Rent(Math.Max(1, outKept.Length * padded));
        try
        {
            inKept.CopyTo(inIdx);
            outKept.CopyTo(outIdx);
            Im2Col(input, h, w, inKept.Length, padded, cols);
            int filters = outKept.Length, blocks = (filters + 3) / 4, kin = inKept.Length;
            // Threads pay off only when each gets enough work (a thread start costs microseconds).
            int parts = (long)filters * rows * hw < 200_000 ? 1 : Math.Min(threads, blocks);
            if (parts <= 1) Filters(0, blocks, filters, kin, taps, padded, cols, inIdx, outIdx, result);
            else Parallel.For(0, parts, p => Filters(p * blocks / parts, (p + 1) * blocks / parts, filters, kin, taps, padded, cols, inIdx, outIdx, result));
            for (int o = 0; o < filters; o++) result.AsSpan(o * padded, hw).CopyTo(output.Slice(o * hw, hw));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(cols);
            ArrayPool<float>.Shared.Return(result);
            ArrayPool<int>.Shared.Return(inIdx);
            ArrayPool<int>.Shared.Return(outIdx);
        }
    }

    /// <summary>cols[(j * taps + t) * padded + p]: input channel j shifted by tap t, zero outside the map and past hw.</summary>
    void Im2Col(ReadOnlySpan<float> input, int h, int w, int channels, int padded, float[] cols)
    {
        int taps = _k * _k, r = _k / 2, hw = h * w;
        cols.AsSpan(0, channels * taps * padded).Clear();
        for (int j = 0; j < channels; j++)
        {
            var plane = input.Slice(j * hw, hw);
            for (int t = 0; t < taps; t++)
            {
                int dy = t / _k - r, dx = t % _k - r;
                var row = cols.AsSpan((j * taps + t) * padded, hw);
                for (int y = Math.Max(0, -dy); y < Math.Min(h, h - dy); y++)
                {
                    int x0 = Math.Max(0, -dx), x1 = Math.Min(w, w - dx);
                    plane.Slice((y + dy) * w + x0 + dx, x1 - x0).CopyTo(row.Slice(y * w + x0));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Filters(int fromBlock, int toBlock, int filters, int kin, int taps, int padded, float[] cols, int[] inKept, int[] outKept, float[] result)
    {
        ref float weights = ref MemoryMarshal.GetArrayDataReference(_weight);
        ref float columns = ref MemoryMarshal.GetArrayDataReference(cols);
        ref float output = ref MemoryMarshal.GetArrayDataReference(result);
        for (int block = fromBlock; block < toBlock; block++)
        {
            int o0 = block * 4, nf = Math.Min(4, filters - o0);
            int f0 = outKept[o0], f1 = outKept[o0 + Math.Min(1, nf - 1)], f2 = outKept[o0 + Math.Min(2, nf - 1)], f3 = outKept[o0 + Math.Min(3, nf - 1)];
            for (int p0 = 0; p0 < padded; p0 += Tile)
            {
                Vector256<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default, a3 = default, b3 = default;
                for (int j = 0; j < kin; j++)
                {
                    int input = inKept[j];
                    int w0 = (f0 * _in + input) * taps, w1 = (f1 * _in + input) * taps, w2 = (f2 * _in + input) * taps, w3 = (f3 * _in + input) * taps;
                    int c = j * taps * padded + p0;
                    for (int t = 0; t < taps; t++, c += padded)
                    {
                        var lo = Vector256.LoadUnsafe(ref columns, (nuint)c);
                        var hi = Vector256.LoadUnsafe(ref columns, (nuint)(c + 8));
                        var k0 = Vector256.Create(Unsafe.Add(ref weights, w0 + t));
                        var k1 = Vector256.Create(Unsafe.Add(ref weights, w1 + t));
                        var k2 = Vector256.Create(Unsafe.Add(ref weights, w2 + t));
                        var k3 = Vector256.Create(Unsafe.Add(ref weights, w3 + t));
                        a0 = Vector256.FusedMultiplyAdd(k0, lo, a0); b0 = Vector256.FusedMultiplyAdd(k0, hi, b0);
                        a1 = Vector256.FusedMultiplyAdd(k1, lo, a1); b1 = Vector256.FusedMultiplyAdd(k1, hi, b1);
                        a2 = Vector256.FusedMultiplyAdd(k2, lo, a2); b2 = Vector256.FusedMultiplyAdd(k2, hi, b2);
                        a3 = Vector256.FusedMultiplyAdd(k3, lo, a3); b3 = Vector256.FusedMultiplyAdd(k3, hi, b3);
                    }
                }
                Store(ref output, o0 * padded + p0, a0, b0, _bias[f0]);
                if (nf > 1) Store(ref output, (o0 + 1) * padded + p0, a1, b1, _bias[f1]);
                if (nf > 2) Store(ref output, (o0 + 2) * padded + p0, a2, b2, _bias[f2]);
                if (nf > 3) Store(ref output, (o0 + 3) * padded + p0, a3, b3, _bias[f3]);
            }
        }
    }

    static void Store(ref float output, int at, Vector256<float> lo, Vector256<float> hi, float bias)
    {
        var b = Vector256.Create(bias);
        (lo + b).StoreUnsafe(ref output, (nuint)at);
        (hi + b).StoreUnsafe(ref output, (nuint)(at + 8));
    }
}
