using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Models;

/// <summary>
/// Base of every backbone: a module built from an <see cref="Architecture"/>, whose sites name its real convs.
/// Methods depend on <see cref="Sites"/> and <see cref="Architecture.Layers"/>, never on a family's internals.
/// </summary>
public abstract class PrunableNet : nn.Module<Tensor, Tensor>
{
    protected PrunableNet(string name, Architecture architecture) : base(name) => Architecture = architecture;

    public Architecture Architecture { get; }
    public ModelSpec Spec => Architecture.Spec;
    public IReadOnlyList<PrunableSite> Sites => Architecture.Sites;

    /// <summary>The conv module of a site (or any conv/linear layer) by its architecture name.</summary>
    public nn.Module Layer(string name) =>
        named_modules().FirstOrDefault(m => m.name == name).module ?? throw new KeyNotFoundException($"no module named '{name}'");

    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>The per-site hook of a dynamic method (null: the plain network). Blocks share it through <see cref="GateSlot"/>.</summary>
    public ISiteGate? Gate { get => GateSlot.Gate; set => GateSlot.Gate = value; }

    protected SiteGateSlot GateSlot { get; } = new();
}
