using System.Globalization;
using PruneLab.Models;

namespace PruneLab.Methods.L1;

/// <summary>
/// How much of each site to prune: a ratio per site name (absent = kept whole). The kept count is
/// int(n * (1 - ratio)), as in the paper. Presets reproduce Li et al.'s Pruned-A/B networks.
/// </summary>
public sealed record PruningPlan(string Name, IReadOnlyDictionary<string, double> Ratios)
{
    public static readonly IReadOnlyList<string> Presets = ["vgg16-A", "resnet56-A", "resnet56-B", "resnet110-A", "resnet110-B"];

    public int[] KeptCounts(Architecture arch)
    {
        foreach (var name in Ratios.Keys) arch.Site(name); // unknown names fail here, with the name
        return arch.Sites.Select(s => Ratios.TryGetValue(s.Name, out var r) ? Keep(s.Channels, r) : s.Channels).ToArray();
    }

    /// <summary>Filters kept when pruning <paramref name="ratio"/> of <paramref name="channels"/>: int(n * (1 - ratio)), at least one.
    /// (The epsilon keeps e.g. 10 * 0.7 from flooring to 6.)</summary>
    public static int Keep(int channels, double ratio) => Math.Max(1, (int)Math.Floor(channels * (1 - ratio) + 1e-9));

    /// <summary>A paper preset, or a custom plan: "stages=0.6,0.3,0.1;skip=16,18" (CIFAR ResNets: first conv of each
    /// block, per stage; skip lists conv numbers counted from 1, stem included) or "conv1=0.5,conv8=0.5" (per site).</summary>
    public static PruningPlan Parse(string text, Architecture arch)
    {
        var preset = Presets.FirstOrDefault(p => string.Equals(p, text, StringComparison.OrdinalIgnoreCase));
        if (preset is not null) return Preset(preset, arch);
        var parts = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries)).ToList();
        if (parts.Any(p => p.Length != 2)) throw new ArgumentException($"--plan {text}: expected a preset ({string.Join(", ", Presets)}), \"stages=R1,R2,R3;skip=N,..\" or \"site=R,site=R\"");
        var keys = parts.ToDictionary(p => p[0], p => p[1]);
        if (keys.TryGetValue("stages", out var stages))
            return ResNetStages(text, arch, Numbers(stages, text), keys.TryGetValue("skip", out var skip) ? Numbers(skip, text).Select(x => (int)x).ToArray() : []);
        var ratios = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Ratio(p.Length == 2 ? p[1] : "", text));
        return Checked(new PruningPlan(text, ratios), arch);
    }

    public static PruningPlan Preset(string name, Architecture arch)
    {
        string family = arch.Spec.Family;
        string Need(string f) => family == f ? name : throw new ArgumentException($"--plan {name} is for {f}, the model is {family}");
        return name.ToLowerInvariant() switch
        {
            // conv1 64->32 and conv8..13 512->256.
            "vgg16-a" => Checked(new PruningPlan(Need("vgg16"), new[] { 1, 8, 9, 10, 11, 12, 13 }.ToDictionary(i => $"conv{i}", _ => 0.5)), arch),
            "resnet56-a" => ResNetStages(Need("resnet56"), arch, [0.1, 0.1, 0.1], [16, 20, 38, 54]),
            "resnet56-b" => ResNetStages(Need("resnet56"), arch, [0.6, 0.3, 0.1], [16, 18, 20, 34, 38, 54]),
            "resnet110-a" => ResNetStages(Need("resnet110"), arch, [0.5, 0, 0], [36]),
            "resnet110-b" => ResNetStages(Need("resnet110"), arch, [0.5, 0.4, 0.3], [36, 38, 74]),
            _ => throw new ArgumentException($"--plan {name}: no such preset; presets are {string.Join(", ", Presets)}"),
        };
    }

    /// <summary>The paper's ResNet rule: prune the first conv of every block by its stage's ratio, except listed convs.</summary>
    public static PruningPlan ResNetStages(string name, Architecture arch, double[] stageRatios, int[] skipConvNumbers)
    {
        if (!arch.Spec.Family.StartsWith("resnet", StringComparison.Ordinal))
            throw new ArgumentException($"--plan {name}: stage ratios apply to CIFAR ResNets, the model is {arch.Spec.Family}");
        if (stageRatios.Length != 3) throw new ArgumentException($"--plan {name}: give 3 stage ratios, got {stageRatios.Length}");
        var convs = arch.Layers.Where(l => l.Kind == LayerKind.Conv).Select(l => l.Name).ToList();
        var skipped = skipConvNumbers.Select(n => n >= 1 && n <= convs.Count ? convs[n - 1]
            : throw new ArgumentException($"--plan {name}: conv number {n} is out of range 1..{convs.Count}")).ToHashSet();
        var ratios = new Dictionary<string, double>();
        foreach (var site in arch.Sites.Where(s => s.Name.EndsWith(".conv1", StringComparison.Ordinal) && !skipped.Contains(s.Name)))
        {
            var stage = int.Parse(site.Stage["stage".Length..], CultureInfo.InvariantCulture) - 1;
            if (stageRatios[stage] > 0) ratios[site.Name] = Ratio(stageRatios[stage].ToString(CultureInfo.InvariantCulture), name);
        }
        return Checked(new PruningPlan(name, ratios), arch);
    }

    static PruningPlan Checked(PruningPlan plan, Architecture arch)
    {
        var coupled = plan.Ratios.Keys.Select(arch.Site).FirstOrDefault(s => s.IsCoupled);
        if (coupled is not null)
            throw new ArgumentException($"--plan {plan.Name}: {coupled.Name} is tied by a residual add to {string.Join(", ", arch.Coupled(coupled).Where(s => s != coupled).Select(s => s.Name))}; L1 pruning cuts only uncoupled convs (the paper prunes the first conv of each block)");
        plan.KeptCounts(arch);
        return plan;
    }

    static double[] Numbers(string list, string text) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Ratio(v, text, allowWhole: true)).ToArray();

    static double Ratio(string value, string text, bool allowWhole = false)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var r))
            throw new ArgumentException($"--plan {text}: '{value}' is not a number");
        if (!allowWhole && (r < 0 || r >= 1)) throw new ArgumentException($"--plan {text}: a prune ratio must be in [0, 1), got {value}");
        return r;
    }
}
