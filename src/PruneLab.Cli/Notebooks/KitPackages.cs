using System.Text.Json.Nodes;

namespace PruneLab.Cli.Notebooks;

/// <summary>
/// The NuGet packages the kit was built with (from prunelab.deps.json). A notebook's <c>#r "nuget: X, v"</c> line is
/// satisfied when X is among them: the runner cannot download packages, it runs with what the kit references.
/// </summary>
public sealed class KitPackages
{
    readonly Dictionary<string, string> _versions;

    KitPackages(Dictionary<string, string> versions) => _versions = versions;

    public static KitPackages FromDepsFile(string depsJson)
    {
        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(depsJson) && JsonNode.Parse(File.ReadAllText(depsJson))?["libraries"] is JsonObject libraries)
            foreach (var (key, value) in libraries)
                if ((string?)value?["type"] == "package" && key.Split('/') is [var name, var version])
                    versions[name] = version;
        return new KitPackages(versions);
    }

    public static KitPackages OfThisProcess() =>
        FromDepsFile(Path.Combine(AppContext.BaseDirectory, "prunelab.deps.json"));

    public string? VersionOf(string package) => _versions.GetValueOrDefault(package);

    public IReadOnlyDictionary<string, string> All => _versions;
}
