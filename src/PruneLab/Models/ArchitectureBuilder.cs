namespace PruneLab.Models;

/// <summary>Tracks the feature-map size while a family lays out its layers, so sizes are derived, not typed in.</summary>
internal sealed class ArchitectureBuilder
{
    readonly ModelSpec _spec;
    readonly List<PrunableSite> _sites = [];
    readonly List<LayerShape> _layers = [];
    readonly List<NormShape> _norms = [];
    int _nextGroup;

    public ArchitectureBuilder(ModelSpec spec)
    {
        _spec = spec;
        Size = spec.ImageSize;
    }

    /// <summary>Current square feature-map side.</summary>
    public int Size { get; private set; }

    public int SiteCount => _sites.Count;

    public int Width(int site) => site < 0 ? _spec.InChannels : _spec.Widths[site];

    public int NewGroup() => _nextGroup++;

    /// <summary>A conv + BN whose output is a new site; returns the site index.</summary>
    public int ConvSite(string name, string norm, int inSite, int kernel, int stride, string stage, int? group = null)
    {
        int site = _sites.Count;
        if (site >= _spec.Widths.Length)
            throw new ArgumentException($"{_spec.Family}: Widths has {_spec.Widths.Length} entries; more sites are needed.");
        Size = ConvOut(Size, kernel, stride);
        _sites.Add(new PrunableSite(site, name, _spec.Widths[site], Size, Size, group ?? NewGroup(), [], [], stage));
        _layers.Add(new LayerShape(name, LayerKind.Conv, Width(inSite), _spec.Widths[site], kernel, stride, Size, Size, inSite, site));
        _norms.Add(new NormShape(norm, site, _spec.Widths[site]));
        return site;
    }

    /// <summary>A depthwise conv + BN over an existing site's channels.</summary>
    public void DepthwiseConv(string name, string norm, int site, int kernel, int stride)
    {
        Size = ConvOut(Size, kernel, stride);
        _layers.Add(new LayerShape(name, LayerKind.Conv, Width(site), Width(site), kernel, stride, Size, Size, site, site, Depthwise: true));
        _norms.Add(new NormShape(norm, site, Width(site)));
    }

    public void MaxPool() => Size = (Size + 1) / 2; // kernel 2, stride 2, ceil mode: 28 -> 14 -> 7 -> 4 -> 2 -> 1

    public void GlobalPool() => Size = 1;

    /// <summary>A linear layer reading a site's channels over the current spatial positions (-1 sites: fixed widths).</summary>
    public void Linear(string name, int inSite, int outFeatures, int inSpatial = 1, bool bias = true, int inFeatures = -1) =>
        _layers.Add(new LayerShape(name, LayerKind.Linear, inSite >= 0 ? Width(inSite) : inFeatures, outFeatures, 1, 1, 1, 1,
            inSite, -1, Bias: bias, InSpatial: inSpatial));

    public void Norm(string name, int channels) => _norms.Add(new NormShape(name, -1, channels));

    public Architecture Build()
    {
        if (_sites.Count != _spec.Widths.Length)
            throw new ArgumentException($"{_spec.Family}: Widths has {_spec.Widths.Length} entries; expected {_sites.Count}.");
        if (_spec.Widths.Any(w => w < 1))
            throw new ArgumentException($"{_spec.Family}: every width must be at least 1.");
        foreach (var group in _sites.GroupBy(x => x.CouplingGroup).Where(g => g.Select(x => x.Channels).Distinct().Count() > 1))
            throw new ArgumentException($"{_spec.Family}: sites tied by a residual add need equal widths: " +
                string.Join(", ", group.Select(x => $"{x.Name}={x.Channels}")));
        if (Size < 1)
            throw new ArgumentException($"{_spec.Family}: input {_spec.ImageSize}x{_spec.ImageSize} is too small.");
        return new Architecture(_spec, _sites, _layers, _norms);
    }

    static int ConvOut(int size, int kernel, int stride) => (size + 2 * (kernel / 2) - kernel) / stride + 1;
}
