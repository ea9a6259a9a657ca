namespace PruneLab.Models;

/// <summary>
/// CIFAR ResNet-20/32/56/110 (He et al., 2016): a 3x3 stem, three stages of (depth-2)/6 basic blocks at 16/32/64
/// channels, identity shortcuts with stride-2 subsampling and zero-padded channels where shapes change.
/// Sites in forward order: stem, then each block's conv1 and conv2. The stem and the conv2s of a stage are tied.
/// </summary>
public static class ResNetFamily
{
    public static readonly int[] StageWidths = [16, 32, 64];

    public static int BlocksPerStage(string family) => family switch
    {
        "resnet20" => 3, "resnet32" => 5, "resnet56" => 9, "resnet110" => 18,
        _ => throw new ArgumentException($"'{family}' is not a CIFAR ResNet."),
    };

    public static ModelSpec DefaultSpec(string family, int inChannels, int imageSize, int numClasses, double width)
    {
        int n = BlocksPerStage(family);
        var widths = new List<int> { ModelCatalog.Scale(StageWidths[0], width) };
        foreach (var w in StageWidths)
            for (int i = 0; i < n; i++)
                widths.AddRange([ModelCatalog.Scale(w, width), ModelCatalog.Scale(w, width)]);
        return new ModelSpec { Family = family, InChannels = inChannels, ImageSize = imageSize, NumClasses = numClasses, Widths = widths.ToArray() };
    }

    internal static Architecture Describe(ModelSpec spec)
    {
        int n = BlocksPerStage(spec.Family);
        var b = new ArchitectureBuilder(spec);
        int group = b.NewGroup();
        int prev = b.ConvSite("conv1", "bn1", -1, 3, 1, "stage1", group);
        for (int s = 1; s <= 3; s++)
        {
            if (s > 1) group = b.NewGroup();
            for (int i = 0; i < n; i++)
            {
                int stride = s > 1 && i == 0 ? 2 : 1;
                int c1 = b.ConvSite($"layer{s}.{i}.conv1", $"layer{s}.{i}.bn1", prev, 3, stride, $"stage{s}");
                prev = b.ConvSite($"layer{s}.{i}.conv2", $"layer{s}.{i}.bn2", c1, 3, 1, $"stage{s}", group);
            }
        }
        b.GlobalPool();
        b.Linear("fc", prev, spec.NumClasses);
        return b.Build();
    }

    internal static BackboneWiring Wire(Architecture arch)
    {
        SiteConv Conv(PrunableSite s, SiteActivation activation) => new(s.Index, s.Name, s.Norms[0], arch.Layer(s.Name).Stride, activation);
        var steps = new List<WiringStep> { new ChainStep(Conv(arch.Sites[0], SiteActivation.Relu), PoolAfter: false) };
        for (int site = 1; site < arch.Sites.Count; site += 2)
            steps.Add(new BasicBlockStep(Conv(arch.Sites[site], SiteActivation.Relu), Conv(arch.Sites[site + 1], SiteActivation.None)));
        return new BackboneWiring(steps, new ClassifierHead(GlobalPool: true, Hidden: null, HiddenNorm: null, Output: "fc"));
    }
}
