using System.Reflection;
using System.Text.RegularExpressions;

namespace PruneLab.Cli.Notebooks;

/// <summary>
/// Turns a Polyglot cell into Roslyn script code. The kernel-only lines are handled here: <c>#r "nuget: ..."</c> is
/// satisfied by the kit's own packages, <c>#r "path"</c> resolves relative to the notebook (and is dropped when it
/// names an assembly the runner already has loaded, since a second copy would not replace the first), <c>#i</c> and
/// <c>#!csharp</c> are dropped. Dropped lines become comments so line numbers in errors still match the cell.
/// </summary>
public static partial class CellDirectives
{
    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<name>[^,"\s]+)\s*(,\s*(?<version>[^"\s]+))?\s*"\s*$""")]
    private static partial Regex NugetReference();

    [GeneratedRegex("""^\s*#r\s+"(?<path>[^"]+)"\s*$""")]
    private static partial Regex FileReference();

    [GeneratedRegex("""^\s*#!(?<magic>\S+)""")]
    private static partial Regex Magic();

    public static string Prepare(string source, string notebookFolder, KitPackages packages, Func<string, bool> isLoaded, int cellNumber)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            string Fail(string problem) => throw new CellDirectiveException(cellNumber, i + 1, line.Trim(), problem);
            if (NugetReference().Match(line) is { Success: true } nuget)
            {
                var name = nuget.Groups["name"].Value;
                var have = packages.VersionOf(name);
                if (have is null)
                    Fail($"package {name} is not referenced by the kit; the headless runner cannot fetch packages. " +
                         "Add it to src/PruneLab/PruneLab.csproj (and Directory.Packages.props) or remove the line.");
                lines[i] = $"// {line.Trim()}  (the kit references {name} {have})";
            }
            else if (FileReference().Match(line) is { Success: true } file)
            {
                var path = Path.GetFullPath(Path.Combine(notebookFolder, file.Groups["path"].Value));
                if (!File.Exists(path)) Fail($"{path} does not exist (the path is taken relative to the notebook; build the kit first: ./setup.sh)");
                var assembly = AssemblyName.GetAssemblyName(path).Name!;
                lines[i] = isLoaded(assembly) ? $"// {line.Trim()}  (already loaded by the runner)" : $"#r \"{path}\"";
            }
            else if (line.TrimStart().StartsWith("#i ", StringComparison.Ordinal))
                lines[i] = "// " + line.Trim();
            else if (Magic().Match(line) is { Success: true } magic)
            {
                if (magic.Groups["magic"].Value is "csharp" or "c#" or "C#")
                    lines[i] = "// " + line.Trim();
                else
                    Fail($"the magic command #!{magic.Groups["magic"].Value} needs the .NET Interactive kernel; the headless runner runs C# only");
            }
        }
        return string.Join('\n', lines);
    }
}

public sealed class CellDirectiveException(int cell, int line, string text, string problem)
    : Exception($"cell {cell}, line {line} ({text}): {problem}")
{
    public int Cell { get; } = cell;
    public int Line { get; } = line;
}
