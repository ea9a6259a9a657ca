using PruneLab.Cost;
using PruneLab.Models;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// Runtime Network Routing on a CIFAR ResNet: every residual block offers P paths of increasing cost and the agent
/// picks one per block and image. Path 1 is skip-only (the shortcut alone, no conv runs); path j > 1 runs the block
/// with the first (j - 1) / (P - 1) of its inner channels (P = 3: skip, half width, full width). Inner channels are
/// ordered by importance first, as in RNP. The stage widths (tied by the residual adds) never change.
/// </summary>
public sealed class RoutedResNet : IRoutedNetwork
{
    readonly CifarResNet _net;
    readonly PrunableSite[] _inner; // each block's first conv: the channels a path keeps
    readonly int[] _stepOfSite;
    SlicedExecution? _engine;

    public RoutedResNet(CifarResNet net, int paths = 3)
    {
        if (paths < 2) throw new ArgumentException($"--paths {paths}: a routed block needs at least 2 paths (skip and full).");
        _net = net;
        Paths = paths;
        var blocks = net.Architecture.Wiring.Steps.OfType<BasicBlockStep>().ToArray();
        _inner = blocks.Select(b => net.Sites[b.First.Site]).ToArray();
        _stepOfSite = Enumerable.Repeat(-1, net.Sites.Count).ToArray();
        for (int b = 0; b < blocks.Length; b++) _stepOfSite[blocks[b].First.Site] = _stepOfSite[blocks[b].Second.Site] = b;
        var narrow = _inner.FirstOrDefault(s => s.Channels < paths - 1);
        if (narrow is not null) throw new ArgumentException($"--paths {paths}: block {narrow.Name[..^".conv1".Length]} has only {narrow.Channels} inner channels.");
    }

    public CifarResNet Network => _net;
    PrunableNet IRoutedNetwork.Network => _net;
    public int Paths { get; }
    public int Steps => _inner.Length;
    public int Actions => Paths;
    public IReadOnlyList<int> InputChannels => _inner.Select(s => _net.Architecture.Layer(s.Name).InChannels).ToArray();

    /// <summary>Inner channels path <paramref name="path"/> runs in block <paramref name="block"/> (0: skip-only).</summary>
    public int Kept(int block, int path)
    {
        if (path < 1 || path > Paths) throw new ArgumentOutOfRangeException(nameof(path), $"a block has paths 1..{Paths}, got {path}.");
        return (int)Math.Ceiling((double)(path - 1) * _inner[block].Channels / (Paths - 1));
    }

    public int StepOf(int site) => _stepOfSite[site];
    public bool Decides(int site) => _stepOfSite[site] >= 0 && _inner[_stepOfSite[site]].Index == site;

    /// <summary>A block's first conv keeps its path's inner channels; its second conv runs whole, or not at all on the skip path.</summary>
    int IRoutedNetwork.Kept(int site, int action)
    {
        int block = _stepOfSite[site];
        return Decides(site) ? Kept(block, action) : action == 1 ? 0 : _net.Sites[site].Channels;
    }

    public string Describe(int step, int action) => action == 1 ? "skip" : $"{Kept(step, action)}/{_inner[step].Channels} ch";

    public long Flops(IReadOnlyList<int> actions)
    {
        if (actions.Count != Steps) throw new ArgumentException($"expected {Steps} actions (one per block), got {actions.Count}.");
        var kept = _net.Spec.Widths.ToArray();
        for (int b = 0; b < Steps; b++) kept[_inner[b].Index] = Kept(b, actions[b]); // 0 inner channels: neither conv runs
        return FlopCounter.Flops(_net.Architecture, kept);
    }

    public SlicedExecution Engine => _engine ??= new SlicedExecution(_net);

    public void Invalidate() => _engine?.Refresh();
}
