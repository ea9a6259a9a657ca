using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PruneLab.Cli.Notebooks;

/// <summary>
/// The notebook kernel pinned in the repository's tool manifest (<c>.config/dotnet-tools.json</c>, restored by
/// setup.sh): the same <c>Microsoft.dotnet-interactive</c> tool, binary, arguments (<c>[vscode] stdio --working-dir</c>)
/// and stdio transport that VS Code's Polyglot Notebooks extension starts. Local tools resolve from the manifest above
/// the current folder, so the kernel is launched from the repository root and told to work in the notebook's folder
/// (where VS Code starts it).
/// </summary>
public static class PinnedKernel
{
    public const string Package = "microsoft.dotnet-interactive", Command = "dotnet-interactive";
    public static readonly string Manifest = Path.Combine(".config", "dotnet-tools.json");

    /// <summary>The pinned version, read from the manifest under <paramref name="repoRoot"/>.</summary>
    public static string Version(string repoRoot)
    {
        var path = Path.Combine(repoRoot, Manifest);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} not found: the notebook kernel is pinned there (run ./setup.sh in a clone of the kit)");
        var version = (string?)JsonNode.Parse(File.ReadAllText(path))?["tools"]?[Package]?["version"];
        return version ?? throw new InvalidOperationException($"{path}: no version of {Package}; expected the kit's manifest");
    }

    public static ProcessStartInfo StartInfo(string repoRoot, string workingFolder)
    {
        Version(repoRoot); // a clear error before dotnet's own, which only says the command is unknown
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repoRoot };
        foreach (var a in new[] { "tool", "run", Command, "--", "[vscode]", "stdio", "--working-dir", workingFolder }) start.ArgumentList.Add(a);
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }
}
