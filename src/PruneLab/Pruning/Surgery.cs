using PruneLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Pruning;

/// <summary>
/// Builds the physically smaller network a <see cref="ChannelSelection"/> describes: each conv keeps its selected
/// filters (and reads only the selected channels of its input), each batch norm its selected entries, the first linear
/// layer the input features of the selected channels. Layers and norms are found through the architecture, so it works
/// for every backbone. The result is a normal network of the pruned spec: it saves and loads like any other.
/// </summary>
public static class Surgery
{
    public static PrunableNet Prune(PrunableNet model, ChannelSelection selection)
    {
        if (!model.Spec.SameArchitectureAs(selection.Architecture.Spec))
            throw new ArgumentException($"the selection is for {selection.Architecture.Spec}, the model is {model.Spec}");
        var arch = model.Architecture;
        var device = model.parameters().First().device;
        var pruned = ModelCatalog.Create(selection.PrunedSpec);
        pruned.to(device);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Tensor? Index(int site) => site < 0 ? null : tensor(selection.Kept[site].Select(i => (long)i).ToArray(), device: device);
        int copied = 0;
        foreach (var layer in arch.Layers)
        {
            var outIndex = Index(layer.OutSite);
            var inIndex = layer.Depthwise ? null : Index(layer.InSite);
            if (inIndex is not null && layer.InSpatial > 1)
                inIndex = (inIndex.unsqueeze(1) * layer.InSpatial + arange(layer.InSpatial, device: device)).flatten();
            copied += Copy(model.Layer(layer.Name), pruned.Layer(layer.Name), (name, t) => name switch
            {
                "weight" => Select(Select(t, 0, outIndex), 1, inIndex),
                _ => Select(t, 0, outIndex),
            });
        }
        foreach (var norm in arch.Norms)
        {
            var index = Index(norm.Site);
            copied += Copy(model.Layer(norm.Name), pruned.Layer(norm.Name), (_, t) => t.dim() == 0 ? t : Select(t, 0, index));
        }
        int expected = pruned.state_dict().Count;
        if (copied != expected)
            throw new InvalidOperationException($"surgery on {model.Spec.Family} filled {copied} of {expected} tensors; the architecture misses a module");
        return pruned;
    }

    /// <summary>
    /// The same network, unpruned, with the pruned channels silenced: every layer that reads a site gets zero weights
    /// for its pruned channels. Its outputs equal <see cref="Prune"/>'s (in eval mode), which the tests check.
    /// </summary>
    public static void ZeroPruned(PrunableNet model, ChannelSelection selection)
    {
        using var _ = no_grad();
        foreach (var layer in model.Architecture.Layers.Where(l => l.InSite >= 0 && !l.Depthwise))
        {
            var kept = selection.Kept[layer.InSite].ToHashSet();
            var weight = model.Layer(layer.Name).named_parameters().First(p => p.name == "weight").parameter;
            for (int c = 0; c < selection.Architecture.Sites[layer.InSite].Channels; c++)
                if (!kept.Contains(c))
                    weight.narrow(1, (long)c * layer.InSpatial, layer.InSpatial).zero_();
        }
    }

    static Tensor Select(Tensor t, int dim, Tensor? index) => index is null ? t : t.index_select(dim, index);

    static int Copy(nn.Module from, nn.Module to, Func<string, Tensor, Tensor> select)
    {
        var source = from.state_dict();
        var target = to.state_dict();
        foreach (var (name, tensor) in source)
        {
            var value = select(name, tensor);
            if (!value.shape.SequenceEqual(target[name].shape))
                throw new InvalidOperationException($"surgery: {name} of {from.GetName()} became {string.Join('x', value.shape)}, expected {string.Join('x', target[name].shape)}");
            target[name].copy_(value);
        }
        return source.Count;
    }
}
