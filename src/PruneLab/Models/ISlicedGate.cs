using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>
/// What a dynamic method supplies to <see cref="SlicedExecution"/>: before each site's conv runs, the output channels
/// it keeps, decided from the conv's input as executed (only the channels kept upstream). One decision holds for every
/// image of the call, so a per-image method runs one image at a time; a static selection may run whole batches.
/// </summary>
public interface ISlicedGate
{
    KeptChannels Select(int site, SlicedInput input);
}

/// <summary>A conv's input in the sliced engine: the map of the channels present, and which channels those are.</summary>
public readonly record struct SlicedInput(Tensor Map, KeptChannels Present)
{
    /// <summary>
    /// The per-channel mean (or max) over the map, over all the input's channels (absent ones pool to 0, as silenced
    /// channels do in the masked path): one native reduction and one copy, no per-element tensor access.
    /// </summary>
    public float[] Pooled(bool max = false)
    {
        if (Present.Count == 0) return new float[Present.Total];
        using var pooled = (max ? Map.amax([2, 3]) : Map.mean([2, 3])).contiguous();
        var present = MemoryMarshal.Cast<byte, float>(pooled.bytes).ToArray();
        if (Present.IsPrefix && present.Length == Present.Total) return present;
        var all = new float[Present.Total];
        var indices = Present.Indices;
        for (int i = 0; i < indices.Length; i++) all[indices[i]] = present[i];
        return all;
    }
}

/// <summary>Fixed kept channels per site: a static network's selection, or a recorded per-image one replayed.</summary>
public sealed class FixedGate(IReadOnlyList<KeptChannels> kept) : ISlicedGate
{
    public KeptChannels Select(int site, SlicedInput input) => kept[site];

    /// <summary>The first <paramref name="widths"/>[site] channels of each site (MetaPruning's widths, a uniform width).</summary>
    public static FixedGate Prefixes(Architecture arch, IReadOnlyList<int> widths) =>
        new(arch.Sites.Select(s => KeptChannels.Prefix(widths[s.Index], s.Channels)).ToArray());

    /// <summary>Every channel of every site: the dense network through the sliced engine.</summary>
    public static FixedGate Dense(Architecture arch) => new(arch.Sites.Select(s => KeptChannels.All(s.Channels)).ToArray());
}
