using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>
/// The masked counterpart of <see cref="SlicedExecution"/>: plugged into a backbone's forward pass
/// (<see cref="PrunableNet.Gate"/>), it zeroes each site's channels that a per-image mask [N, C] leaves out, computing
/// everything (batched, differentiable: training). <paramref name="mask"/> gets the site and the conv's input and
/// returns the mask (1 runs, 0 skipped), or null to keep every channel.
/// </summary>
public sealed class ChannelMaskGate(Func<int, Tensor, Tensor?> mask) : ISiteGate
{
    readonly Dictionary<int, Tensor> _last = [];

    public Tensor Apply(int site, Tensor convInput, Tensor normOutput, SiteActivation activation)
    {
        var m = mask(site, convInput);
        if (m is null) { _last.Remove(site); return normOutput; }
        _last[site] = m;
        return normOutput * m.to(normOutput.dtype).unsqueeze(2).unsqueeze(3);
    }

    public Tensor Follow(int site, Tensor normOutput) =>
        _last.TryGetValue(site, out var m) ? normOutput * m.to(normOutput.dtype).unsqueeze(2).unsqueeze(3) : normOutput;

    /// <summary>Per-image masks [N, C] from kept channels (one entry per image).</summary>
    public static Tensor Mask(IReadOnlyList<KeptChannels> kept, Device? device = null)
    {
        var m = zeros(kept.Count, kept[0].Total, device: device);
        for (int i = 0; i < kept.Count; i++)
            if (kept[i].Count > 0) m[i].index_fill_(0, SlicedConvolution.IndexTensor(kept[i], m.device), 1);
        return m;
    }
}
