using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PruneLab.Models;

/// <summary>
/// A stride-1 "same" convolution of one small map, computed in managed code straight from the kept rows and columns of
/// a kernel held once in managed memory. On maps of a few pixels a batch-1 conv is bound by reading its weights, and a
/// library conv reads them more than once (it copies kept weights out, and oneDNN reorders every kernel it is given),
/// so reading only the kept weights, once, in place, is what makes a partly kept layer cheaper in time and not only in
/// FLOPs. On larger maps, where a conv is bound by arithmetic, it avoids the library's per-call cost and the copies a
/// gathered kernel needs. Tiles of 4 filters x 16 pixels accumulate in registers (x 64 pixels in 512-bit registers
/// where the CPU has them and the map is large); output filters are split over the torch threads.
/// </summary>
internal sealed class InPlaceConvolution
{
    const int Tile = 16; // pixels per register tile (two 8-float vectors)
    const int WideTile = 64; // pixels per 512-bit register tile (four 16-float vectors)
    /// <summary>Whether the 512-bit kernels run (where the CPU has them); tests switch them off to check the 256-bit one.</summary>
    internal static bool Use512 { get; set; } = Vector512.IsHardwareAccelerated;

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
    /// <paramref name="input"/> [|inKept|, h, w] is kernel input inKept[j]), then the activation and, with
    /// <paramref name="pool"/>, a 2x2 max-pool (ceil mode), into <paramref name="output"/> [|outKept|, h', w'].
    /// Activation and pooling happen here rather than as library calls: a libtorch op between two of these kernels
    /// leaves its worker threads spinning on the cores the next kernel needs (measured: 13 ReLUs cost 1.6 ms).
    /// </summary>
    public void Run(ReadOnlySpan<float> input, int h, int w, ReadOnlySpan<int> inKept, ReadOnlySpan<int> outKept, Span<float> output,
        int threads, SiteActivation activation = SiteActivation.None, bool pool = false)
    {
        bool wide = Use512 && h * w >= WideTile;
        bool small = Use512 && h * w <= Tile; // one 512-bit register holds the map
        int tile = wide ? WideTile : Tile;
        int hw = h * w, taps = _k * _k, padded = (hw + tile - 1) / tile * tile, rows = inKept.Length * taps;
        var cols = ArrayPool<float>.Shared.Rent(Math.Max(1, rows * padded));
        var inIdx = ArrayPool<int>.Shared.Rent(Math.Max(1, inKept.Length));
        var outIdx = ArrayPool<int>.Shared.Rent(Math.Max(1, outKept.Length));
        var result = ArrayPool<float>.Shared.Rent(Math.Max(1, outKept.Length * padded));
        try
        {
            inKept.CopyTo(inIdx);
            outKept.CopyTo(outIdx);
            Im2Col(input, h, w, inKept.Length, padded, cols);
            int filters = outKept.Length, blocks = (filters + FiltersPerBlock(small) - 1) / FiltersPerBlock(small), kin = inKept.Length;
            // Threads pay off only when each gets enough work (a thread start costs microseconds).
            int parts = (long)filters * rows * hw < 200_000 ? 1 : threads;
            // Pixel tiles outermost, so a tile's columns stay in cache while every filter block reads them; threads
            // split the tiles where there are enough of them, else the filter blocks.
            int tiles = padded / tile;
            var kind = wide ? Kernel.Wide : small ? Kernel.Small : Kernel.Narrow;
            if (parts <= 1) Filters(kind, 0, blocks, 0, tiles, filters, kin, taps, padded, cols, inIdx, outIdx, result);
            else if (tiles >= parts)
                Parallel.For(0, parts, p => Filters(kind, 0, blocks, p * tiles / parts, (p + 1) * tiles / parts, filters, kin, taps, padded, cols, inIdx, outIdx, result));
            else
                Parallel.For(0, parts, p => Filters(kind, p * blocks / parts, (p + 1) * blocks / parts, 0, tiles, filters, kin, taps, padded, cols, inIdx, outIdx, result));
            int ph = pool ? (h + 1) / 2 : h, pw = pool ? (w + 1) / 2 : w;
            for (int o = 0; o < filters; o++)
            {
                var plane = result.AsSpan(o * padded, hw);
                Activate(plane, activation);
                if (pool) MaxPool(plane, h, w, output.Slice(o * ph * pw, ph * pw));
                else plane.CopyTo(output.Slice(o * hw, hw));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(cols);
            ArrayPool<float>.Shared.Return(result);
            ArrayPool<int>.Shared.Return(inIdx);
            ArrayPool<int>.Shared.Return(outIdx);
        }
    }

    static void Activate(Span<float> plane, SiteActivation activation)
    {
        if (activation == SiteActivation.None) return;
        float top = activation == SiteActivation.Relu6 ? 6f : float.PositiveInfinity;
        var vectors = MemoryMarshal.Cast<float, Vector256<float>>(plane);
        var low = Vector256<float>.Zero;
        var high = Vector256.Create(top);
        for (int i = 0; i < vectors.Length; i++) vectors[i] = Vector256.Min(Vector256.Max(vectors[i], low), high);
        for (int i = vectors.Length * 8; i < plane.Length; i++) plane[i] = Math.Min(Math.Max(plane[i], 0f), top);
    }

    /// <summary>2x2 max-pool, stride 2, ceil mode (a window past the edge takes the pixels it has).</summary>
    static void MaxPool(ReadOnlySpan<float> plane, int h, int w, Span<float> pooled)
    {
        int pw = (w + 1) / 2;
        for (int y = 0; y < (h + 1) / 2; y++)
            for (int x = 0; x < pw; x++)
            {
                int y0 = 2 * y, x0 = 2 * x;
                float m = plane[y0 * w + x0];
                if (x0 + 1 < w) m = Math.Max(m, plane[y0 * w + x0 + 1]);
                if (y0 + 1 < h)
                {
                    m = Math.Max(m, plane[(y0 + 1) * w + x0]);
                    if (x0 + 1 < w) m = Math.Max(m, plane[(y0 + 1) * w + x0 + 1]);
                }
                pooled[y * pw + x] = m;
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

    enum Kernel { Narrow, Small, Wide }

    static int FiltersPerBlock(bool small) => small ? 8 : 4;

    void Filters(Kernel kind, int fromBlock, int toBlock, int fromTile, int toTile, int filters, int kin, int taps, int padded, float[] cols, int[] inKept, int[] outKept, float[] result)
    {
        for (int tile = fromTile; tile < toTile; tile++)
            switch (kind)
            {
                case Kernel.Wide: WideFilters(fromBlock, toBlock, tile * WideTile, filters, kin, taps, padded, cols, inKept, outKept, result); break;
                case Kernel.Small: SmallFilters(fromBlock, toBlock, filters, kin, taps, padded, cols, inKept, outKept, result); break;
                default: NarrowFilters(fromBlock, toBlock, tile * Tile, filters, kin, taps, padded, cols, inKept, outKept, result); break;
            }
    }

    /// <summary>
    /// Maps of at most 16 pixels with 512-bit registers: the whole map in one register, 8 filters per block, so each
    /// column load serves 8 FMAs. These convs are bound by reading weights, so 8 rows are prefetched ahead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void SmallFilters(int fromBlock, int toBlock, int filters, int kin, int taps, int padded, float[] cols, int[] inKept, int[] outKept, float[] result)
    {
        ref float weights = ref MemoryMarshal.GetArrayDataReference(_weight);
        ref float columns = ref MemoryMarshal.GetArrayDataReference(cols);
        ref float output = ref MemoryMarshal.GetArrayDataReference(result);
        Span<int> f = stackalloc int[8];
        Span<int> w = stackalloc int[8];
        for (int block = fromBlock; block < toBlock; block++)
        {
            int o0 = block * 8, nf = Math.Min(8, filters - o0);
            for (int i = 0; i < 8; i++) f[i] = outKept[o0 + Math.Min(i, nf - 1)];
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (int j = 0; j < kin; j++)
            {
                int input = inKept[j];
                for (int i = 0; i < 8; i++) w[i] = (f[i] * _in + input) * taps;
                if (Sse.IsSupported && j + Ahead < kin)
                {
                    int ahead = (inKept[j + Ahead] - input) * taps;
                    for (int i = 0; i < 8; i++) Prefetch(ref weights, w[i] + ahead);
                }
                int c = j * taps * padded;
                for (int t = 0; t < taps; t++, c += padded)
                {
                    var x = Vector512.LoadUnsafe(ref columns, (nuint)c);
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref weights, w[0] + t)), x, a0);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref weights, w[1] + t)), x, a1);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref weights, w[2] + t)), x, a2);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref weights, w[3] + t)), x, a3);
                    a4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref weights, w[4] + t)), x, a4);
                    a5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref weights, w[5] + t)), x, a5);
                    a6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref weights, w[6] + t)), x, a6);
                    a7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref weights, w[7] + t)), x, a7);
                }
            }
            Span<Vector512<float>> acc = [a0, a1, a2, a3, a4, a5, a6, a7];
            for (int i = 0; i < nf; i++) (acc[i] + Vector512.Create(_bias[f[i]])).StoreUnsafe(ref output, (nuint)((o0 + i) * padded));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void WideFilters(int fromBlock, int toBlock, int p0, int filters, int kin, int taps, int padded, float[] cols, int[] inKept, int[] outKept, float[] result)
    {
        ref float weights = ref MemoryMarshal.GetArrayDataReference(_weight);
        ref float columns = ref MemoryMarshal.GetArrayDataReference(cols);
        ref float output = ref MemoryMarshal.GetArrayDataReference(result);
        for (int block = fromBlock; block < toBlock; block++)
        {
            int o0 = block * 4, nf = Math.Min(4, filters - o0);
            int f0 = outKept[o0], f1 = outKept[o0 + Math.Min(1, nf - 1)], f2 = outKept[o0 + Math.Min(2, nf - 1)], f3 = outKept[o0 + Math.Min(3, nf - 1)];
            {
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
                Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, d0 = default, d1 = default, d2 = default, d3 = default;
                for (int j = 0; j < kin; j++)
                {
                    int input = inKept[j];
                    int w0 = (f0 * _in + input) * taps, w1 = (f1 * _in + input) * taps, w2 = (f2 * _in + input) * taps, w3 = (f3 * _in + input) * taps;
                    if (Sse.IsSupported && j + Ahead < kin)
                    {
                        int ahead = inKept[j + Ahead] - input;
                        Prefetch(ref weights, w0 + ahead * taps); Prefetch(ref weights, w1 + ahead * taps);
                        Prefetch(ref weights, w2 + ahead * taps); Prefetch(ref weights, w3 + ahead * taps);
                    }
                    int c = j * taps * padded + p0;
                    for (int t = 0; t < taps; t++, c += padded)
                    {
                        var x0 = Vector512.LoadUnsafe(ref columns, (nuint)c);
                        var x1 = Vector512.LoadUnsafe(ref columns, (nuint)(c + 16));
                        var x2 = Vector512.LoadUnsafe(ref columns, (nuint)(c + 32));
                        var x3 = Vector512.LoadUnsafe(ref columns, (nuint)(c + 48));
                        var k = Vector512.Create(Unsafe.Add(ref weights, w0 + t));
                        a0 = Vector512.FusedMultiplyAdd(k, x0, a0); a1 = Vector512.FusedMultiplyAdd(k, x1, a1);
                        a2 = Vector512.FusedMultiplyAdd(k, x2, a2); a3 = Vector512.FusedMultiplyAdd(k, x3, a3);
                        k = Vector512.Create(Unsafe.Add(ref weights, w1 + t));
                        b0 = Vector512.FusedMultiplyAdd(k, x0, b0); b1 = Vector512.FusedMultiplyAdd(k, x1, b1);
                        b2 = Vector512.FusedMultiplyAdd(k, x2, b2); b3 = Vector512.FusedMultiplyAdd(k, x3, b3);
                        k = Vector512.Create(Unsafe.Add(ref weights, w2 + t));
                        c0 = Vector512.FusedMultiplyAdd(k, x0, c0); c1 = Vector512.FusedMultiplyAdd(k, x1, c1);
                        c2 = Vector512.FusedMultiplyAdd(k, x2, c2); c3 = Vector512.FusedMultiplyAdd(k, x3, c3);
                        k = Vector512.Create(Unsafe.Add(ref weights, w3 + t));
                        d0 = Vector512.FusedMultiplyAdd(k, x0, d0); d1 = Vector512.FusedMultiplyAdd(k, x1, d1);
                        d2 = Vector512.FusedMultiplyAdd(k, x2, d2); d3 = Vector512.FusedMultiplyAdd(k, x3, d3);
                    }
                }
                StoreWide(ref output, o0 * padded + p0, a0, a1, a2, a3, _bias[f0]);
                if (nf > 1) StoreWide(ref output, (o0 + 1) * padded + p0, b0, b1, b2, b3, _bias[f1]);
                if (nf > 2) StoreWide(ref output, (o0 + 2) * padded + p0, c0, c1, c2, c3, _bias[f2]);
                if (nf > 3) StoreWide(ref output, (o0 + 3) * padded + p0, d0, d1, d2, d3, _bias[f3]);
            }
        }
    }

    static void StoreWide(ref float output, int at, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3, float bias)
    {
        var b = Vector512.Create(bias);
        (v0 + b).StoreUnsafe(ref output, (nuint)at);
        (v1 + b).StoreUnsafe(ref output, (nuint)(at + 16));
        (v2 + b).StoreUnsafe(ref output, (nuint)(at + 32));
        (v3 + b).StoreUnsafe(ref output, (nuint)(at + 48));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void NarrowFilters(int fromBlock, int toBlock, int p0, int filters, int kin, int taps, int padded, float[] cols, int[] inKept, int[] outKept, float[] result)
    {
        ref float weights = ref MemoryMarshal.GetArrayDataReference(_weight);
        ref float columns = ref MemoryMarshal.GetArrayDataReference(cols);
        ref float output = ref MemoryMarshal.GetArrayDataReference(result);
        for (int block = fromBlock; block < toBlock; block++)
        {
            int o0 = block * 4, nf = Math.Min(4, filters - o0);
            int f0 = outKept[o0], f1 = outKept[o0 + Math.Min(1, nf - 1)], f2 = outKept[o0 + Math.Min(2, nf - 1)], f3 = outKept[o0 + Math.Min(3, nf - 1)];
            {
                Vector256<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default, a3 = default, b3 = default;
                for (int j = 0; j < kin; j++)
                {
                    int input = inKept[j];
                    int w0 = (f0 * _in + input) * taps, w1 = (f1 * _in + input) * taps, w2 = (f2 * _in + input) * taps, w3 = (f3 * _in + input) * taps;
                    if (Sse.IsSupported && j + Ahead < kin)
                    {
                        // Kept inputs skip through each filter's row at irregular gaps, which the hardware prefetchers
                        // do not follow; asking for the weights a few inputs ahead keeps several reads in flight.
                        int ahead = inKept[j + Ahead] - input;
                        Prefetch(ref weights, w0 + ahead * taps); Prefetch(ref weights, w1 + ahead * taps);
                        Prefetch(ref weights, w2 + ahead * taps); Prefetch(ref weights, w3 + ahead * taps);
                    }
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

    const int Ahead = 16; // inputs

    static unsafe void Prefetch(ref float at, int offset)
    {
        fixed (float* p = &Unsafe.Add(ref at, offset)) Sse.Prefetch0(p);
    }

    static void Store(ref float output, int at, Vector256<float> lo, Vector256<float> hi, float bias)
    {
        var b = Vector256.Create(bias);
        (lo + b).StoreUnsafe(ref output, (nuint)at);
        (hi + b).StoreUnsafe(ref output, (nuint)(at + 8));
    }
}
