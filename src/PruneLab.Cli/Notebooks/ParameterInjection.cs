using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PruneLab.Cli.Notebooks;

/// <summary>
/// Papermill's convention in C#: the cell tagged <c>parameters</c> declares a notebook's knobs as plain variables; a
/// run's <c>--profile</c> and <c>--set</c> values become assignments in a cell of their own, tagged
/// <c>injected-parameters</c>, inserted and executed right after it, so the executed notebook shows what was changed.
/// </summary>
public static partial class ParameterInjection
{
    public const string ParametersTag = "parameters", InjectedTag = "injected-parameters";

    /// <summary>The variables the parameters cell declares (<c>var profile = ...;</c>, <c>int? epochs = null;</c>).</summary>
    public static IReadOnlyList<string> Declared(string parametersSource) =>
        parametersSource.Replace("\r\n", "\n").Split('\n')
            .Select(l => Declaration().Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value).ToList();

    /// <summary>The injected cell's code: one assignment per value, in order; null when there is nothing to inject.</summary>
    public static string? Code(IReadOnlyList<KeyValuePair<string, string>> values)
    {
        if (values.Count == 0) return null;
        var code = new StringBuilder("// Injected by prunelab (--profile / --set)\n");
        foreach (var (name, value) in values)
        {
            if (!Identifier().IsMatch(name)) throw new ArgumentException($"--set {name}={value}: '{name}' is not a C# variable name");
            code.Append(name).Append(" = ").Append(Literal(value)).Append(";\n");
        }
        return code.ToString().TrimEnd('\n');
    }

    /// <summary>A value as C#: numbers and true/false/null as written, "@expr" as raw C#, anything else a string literal.</summary>
    public static string Literal(string value)
    {
        if (value.StartsWith('@')) return value[1..];
        if (value is "true" or "false" or "null") return value;
        if (!value.Contains(',') && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return value;
        var s = new StringBuilder("\"");
        foreach (var c in value)
            s.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '\0' => "\\0",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return s.Append('"').ToString();
    }

    [GeneratedRegex(@"^\s*(?:var|[A-Za-z_][\w.]*(?:<[^=;]*>)?(?:\[\])?\??)\s+(?<name>[A-Za-z_]\w*)\s*=")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^[A-Za-z_]\w*$")]
    private static partial Regex Identifier();
}
