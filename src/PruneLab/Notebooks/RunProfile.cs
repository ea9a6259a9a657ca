namespace PruneLab.Notebooks;

/// <summary>
/// How much a notebook runs: <c>smoke</c> proves every cell works in seconds (CI), <c>quick</c> checks the papers'
/// claims at a 2-core-CPU scale in minutes, <c>paper</c> is the published setting (CIFAR-10, full widths; a GPU).
/// </summary>
public static class RunProfile
{
    public const string Smoke = "smoke", Quick = "quick", Paper = "paper";
    public static readonly IReadOnlyList<string> Names = [Smoke, Quick, Paper];

    public static string Check(string profile) => Names.Contains(profile)
        ? profile
        : throw new ArgumentException($"profile '{profile}': expected one of {string.Join(", ", Names)}");
}
