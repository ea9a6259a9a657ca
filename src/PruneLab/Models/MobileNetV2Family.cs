namespace PruneLab.Models;

/// <summary>
/// MobileNetV2 (Sandler et al., 2018) for 32x32 inputs: stride-1 stem and the second stage at stride 1, as the
/// common CIFAR adaptation; inverted residuals (1x1 expand, 3x3 depthwise, 1x1 project) with identity residuals
/// inside a stage. Sites: stem, each block's expansion (when t > 1) and projection, and the last 1x1 conv.
/// The projections of a stage with several blocks are tied by the residual adds.
/// </summary>
public static class MobileNetV2Family
{
    /// <summary>(expansion t, output channels c, blocks n, first stride s) per stage.</summary>
    public static readonly (int T, int C, int N, int S)[] Config =
        [(1, 16, 1, 1), (6, 24, 2, 1), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)];
    public const int StemWidth = 32, LastWidth = 1280;

    public static ModelSpec DefaultSpec(int inChannels, int imageSize, int numClasses, double width)
    {
        int input = ModelCatalog.Scale(StemWidth, width);
        var widths = new List<int> { input };
        foreach (var (t, c, n, _) in Config)
            for (int i = 0; i < n; i++)
            {
                if (t != 1) widths.Add(input * t);
                input = ModelCatalog.Scale(c, width);
                widths.Add(input);
            }
        widths.Add(ModelCatalog.Scale(LastWidth, Math.Max(1.0, width)));
        return new ModelSpec { Family = "mobilenetv2", InChannels = inChannels, ImageSize = imageSize, NumClasses = numClasses, Widths = widths.ToArray() };
    }

    internal static Architecture Describe(ModelSpec spec)
    {
        var b = new ArchitectureBuilder(spec);
        int prev = b.ConvSite("conv1", "bn1", -1, 3, 1, "stem");
        int k = 0;
        for (int j = 0; j < Config.Length; j++)
        {
            var (t, _, n, s) = Config[j];
            int group = b.NewGroup();
            for (int i = 0; i < n; i++, k++)
            {
                string stage = $"stage{j + 1}";
                int hidden = t == 1 ? prev : b.ConvSite($"layers.{k}.expand", $"layers.{k}.bn1", prev, 1, 1, stage);
                b.DepthwiseConv($"layers.{k}.depthwise", $"layers.{k}.bn2", hidden, 3, i == 0 ? s : 1);
                prev = b.ConvSite($"layers.{k}.project", $"layers.{k}.bn3", hidden, 1, 1, stage, n > 1 ? group : null);
            }
        }
        prev = b.ConvSite("conv_last", "bn_last", prev, 1, 1, "head");
        b.GlobalPool();
        b.Linear("fc", prev, spec.NumClasses);
        return b.Build();
    }

    internal static BackboneWiring Wire(Architecture arch)
    {
        SiteConv Conv(string name, SiteActivation activation)
        {
            var s = arch.Site(name);
            return new SiteConv(s.Index, s.Name, s.Norms[0], arch.Layer(name).Stride, activation);
        }
        var steps = new List<WiringStep> { new ChainStep(Conv("conv1", SiteActivation.Relu6), PoolAfter: false) };
        var expands = Expands().ToArray();
        var residuals = Residuals().ToArray();
        for (int k = 0; k < expands.Length; k++)
        {
            var depthwise = arch.Layer($"layers.{k}.depthwise");
            steps.Add(new InvertedResidualStep(expands[k] ? Conv($"layers.{k}.expand", SiteActivation.Relu6) : null,
                depthwise.Name, $"layers.{k}.bn2", depthwise.OutSite, depthwise.Stride, Conv($"layers.{k}.project", SiteActivation.None), residuals[k]));
        }
        steps.Add(new ChainStep(Conv("conv_last", SiteActivation.Relu6), PoolAfter: false));
        return new BackboneWiring(steps, new ClassifierHead(GlobalPool: true, Hidden: null, HiddenNorm: null, Output: "fc"));
    }

    /// <summary>Blocks with an identity residual: every block after the first of its stage.</summary>
    public static IEnumerable<bool> Residuals() => Config.SelectMany(c => Enumerable.Range(0, c.N).Select(i => i > 0));

    public static IEnumerable<bool> Expands() => Config.SelectMany(c => Enumerable.Repeat(c.T != 1, c.N));
}
