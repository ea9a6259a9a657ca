using PruneLab.Cost;
using PruneLab.Models;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// RNP on a trained VGG-16 (channels ordered by importance first): one step per conv, action a keeps the first a of
/// <see cref="ChannelGroups"/>' groups of that conv's filters, decided from the feature map entering it.
/// </summary>
public sealed class RoutedVgg : IRoutedNetwork
{
    readonly Vgg _net;
    SlicedExecution? _engine;

    public RoutedVgg(Vgg net, int groups = 4)
    {
        _net = net;
        Groups = new ChannelGroups(net.Architecture, groups);
    }

    public Vgg Network => _net;
    PrunableNet IRoutedNetwork.Network => _net;
    public ChannelGroups Groups { get; }
    public int Steps => _net.Sites.Count;
    public int Actions => Groups.Count;
    public IReadOnlyList<int> InputChannels =>
        _net.Sites.Select(s => s.Index == 0 ? _net.Spec.InChannels : _net.Sites[s.Index - 1].Channels).ToArray();

    public int StepOf(int site) => site;
    public bool Decides(int site) => true;
    public int Kept(int site, int action) => Groups.Kept(site, action);

    public long Flops(IReadOnlyList<int> actions) => FlopCounter.Flops(_net.Architecture, Groups.Widths(actions));

    public string Describe(int step, int action) => $"{action}/{Groups.Count} groups ({Groups.Kept(step, action)} ch)";

    public SlicedExecution Engine => _engine ??= new SlicedExecution(_net);

    public void Invalidate() => _engine?.Refresh();
}
