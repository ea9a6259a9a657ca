namespace PruneLab.Models;

/// <summary>
/// The analytic description of a network: its sites, conv/linear layers and norms, derived from a
/// <see cref="ModelSpec"/> without building any tensor. Modules are built from it, and the cost model reads it.
/// </summary>
public sealed class Architecture
{
    public ModelSpec Spec { get; }
    public IReadOnlyList<PrunableSite> Sites { get; }
    public IReadOnlyList<LayerShape> Layers { get; }
    public IReadOnlyList<NormShape> Norms { get; }

    internal Architecture(ModelSpec spec, IReadOnlyList<PrunableSite> sites, IReadOnlyList<LayerShape> layers, IReadOnlyList<NormShape> norms)
    {
        Spec = spec;
        Layers = layers;
        Norms = norms;
        var groupSizes = sites.GroupBy(s => s.CouplingGroup).ToDictionary(g => g.Key, g => g.Count());
        Sites = sites.Select(s => s with
        {
            Consumers = layers.Where(l => l.InSite == s.Index && l.Name != s.Name).Select(l => l.Name).ToArray(),
            Norms = norms.Where(n => n.Site == s.Index).Select(n => n.Name).ToArray(),
            IsCoupled = groupSizes[s.CouplingGroup] > 1,
        }).ToArray();
    }

    /// <summary>How the forward pass joins the sites (see <see cref="BackboneWiring"/>).</summary>
    public BackboneWiring Wiring => _wiring ??= ModelCatalog.Wire(this);
    BackboneWiring? _wiring;

    public LayerShape Layer(string name) =>
        Layers.FirstOrDefault(l => l.Name == name) ?? throw new KeyNotFoundException($"no layer named '{name}'");

    public PrunableSite Site(string name) =>
        Sites.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"no site named '{name}'");

    /// <summary>The sites tied to <paramref name="site"/> (itself included).</summary>
    public IEnumerable<PrunableSite> Coupled(PrunableSite site) => Sites.Where(s => s.CouplingGroup == site.CouplingGroup);

    public static Architecture Of(ModelSpec spec) => ModelCatalog.Describe(spec);
}
