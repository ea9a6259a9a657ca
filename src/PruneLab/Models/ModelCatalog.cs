namespace PruneLab.Models;

/// <summary>The model names the CLI and configs use, their default specs, and the one place specs become modules.</summary>
public static class ModelCatalog
{
    public static readonly string[] Names = ["vgg16", "resnet20", "resnet32", "resnet56", "resnet110", "mobilenetv2"];

    public static ModelSpec DefaultSpec(string name, int inChannels = 3, int imageSize = 32, int numClasses = 10, double width = 1.0)
    {
        if (!(width > 0 && width <= 4))
            throw new ArgumentOutOfRangeException(nameof(width), width, "--width must be in (0, 4].");
        return Normalise(name) switch
        {
            "vgg16" => VggFamily.DefaultSpec(inChannels, imageSize, numClasses, width),
            "mobilenetv2" => MobileNetV2Family.DefaultSpec(inChannels, imageSize, numClasses, width),
            var r => ResNetFamily.DefaultSpec(r, inChannels, imageSize, numClasses, width),
        };
    }

    public static Architecture Describe(ModelSpec spec) => Normalise(spec.Family) switch
    {
        "vgg16" => VggFamily.Describe(spec),
        "mobilenetv2" => MobileNetV2Family.Describe(spec),
        _ => ResNetFamily.Describe(spec),
    };

    internal static BackboneWiring Wire(Architecture arch) => Normalise(arch.Spec.Family) switch
    {
        "vgg16" => VggFamily.Wire(arch),
        "mobilenetv2" => MobileNetV2Family.Wire(arch),
        _ => ResNetFamily.Wire(arch),
    };

    public static PrunableNet Create(ModelSpec spec)
    {
        var arch = Describe(spec);
        return Normalise(spec.Family) switch
        {
            "vgg16" => new Vgg(arch),
            "mobilenetv2" => new MobileNetV2(arch),
            _ => new CifarResNet(arch),
        };
    }

    internal static int Scale(int baseWidth, double multiplier) => Math.Max(1, (int)Math.Round(baseWidth * multiplier));

    static string Normalise(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        return Names.Contains(n) ? n : throw new ArgumentException($"unknown model '{name}'; expected one of {string.Join(", ", Names)}.");
    }
}
