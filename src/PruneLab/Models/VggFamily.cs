namespace PruneLab.Models;

/// <summary>
/// VGG-16 for CIFAR as used by Li et al. (ICLR 2017): 13 conv3x3-BN-ReLU in five stages separated by max-pools,
/// then Linear-BN-ReLU-Linear. Pools use ceil mode so 28x28 inputs reach 1x1 (32x32 behaves as usual).
/// </summary>
public static class VggFamily
{
    /// <summary>Base widths; 0 marks a max-pool.</summary>
    public static readonly int[] Config = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0];
    public const int ClassifierWidth = 512;

    /// <summary>For each conv (site order): whether a max-pool follows it.</summary>
    public static readonly bool[] PoolAfter = Config.Select((c, i) => (c, i)).Where(x => x.c > 0)
        .Select(x => x.i + 1 < Config.Length && Config[x.i + 1] == 0).ToArray();

    public static ModelSpec DefaultSpec(int inChannels, int imageSize, int numClasses, double width) => new()
    {
        Family = "vgg16", InChannels = inChannels, ImageSize = imageSize, NumClasses = numClasses,
        Widths = Config.Where(c => c > 0).Select(c => ModelCatalog.Scale(c, width)).ToArray(),
        ClassifierWidth = ModelCatalog.Scale(ClassifierWidth, width),
    };

    internal static Architecture Describe(ModelSpec spec)
    {
        var b = new ArchitectureBuilder(spec);
        int prev = -1, stage = 1;
        foreach (var c in Config)
        {
            if (c == 0) { b.MaxPool(); stage++; continue; }
            int n = b.SiteCount + 1;
            prev = b.ConvSite($"conv{n}", $"bn{n}", prev, 3, 1, $"stage{stage}");
        }
        if (spec.ClassifierWidth < 1) throw new ArgumentException("vgg16: ClassifierWidth must be at least 1.");
        b.Linear("fc1", prev, spec.ClassifierWidth, inSpatial: b.Size * b.Size);
        b.Norm("bn_fc1", spec.ClassifierWidth);
        b.Linear("fc2", -1, spec.NumClasses, inFeatures: spec.ClassifierWidth);
        return b.Build();
    }

    internal static BackboneWiring Wire(Architecture arch) => new(
        arch.Sites.Select(s => (WiringStep)new ChainStep(new SiteConv(s.Index, s.Name, s.Norms[0], 1, SiteActivation.Relu), PoolAfter[s.Index])).ToArray(),
        new ClassifierHead(GlobalPool: false, Hidden: "fc1", HiddenNorm: "bn_fc1", Output: "fc2"));
}
