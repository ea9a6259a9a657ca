using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PruneLab.Cli.Notebooks;

/// <summary>
/// Why a cell failed, in the words a reader needs: the cell, the source line and the error. A compile error comes with
/// its line from the kernel's diagnostics. A run-time exception does not: the kernel compiles cells without line
/// information, so the line is the one calling the method the stack trace shows the cell called (the frame just above
/// the cell's own <c>Submission#N</c> frames), or a <c>throw</c> in the cell when the cell itself threw.
/// </summary>
public sealed partial record CellFailure(string ExceptionType, string Message, int? Line, string? LineText, IReadOnlyList<string> Trace)
{
    /// <summary>From the CommandFailed message and the cell's error diagnostics (zero-based line positions).</summary>
    public static CellFailure From(string failedMessage, IReadOnlyList<JsonObject> errorDiagnostics, string cellSource)
    {
        var lines = cellSource.Replace("\r\n", "\n").Split('\n');
        string? TextOf(int? line) => line is >= 1 && line <= lines.Length ? lines[line.Value - 1].Trim() : null;
        var trace = failedMessage.Replace("\r\n", "\n").Split('\n');

        if (errorDiagnostics.Count > 0)
        {
            var first = errorDiagnostics[0];
            var line = (int?)first["linePositionSpan"]?["start"]?["line"] + 1;
            var message = $"{(string?)first["code"]}: {(string?)first["message"]}";
            return new CellFailure("CompilationError", message, line, TextOf(line), trace);
        }

        var header = ExceptionHeader().Match(failedMessage);
        var type = header.Success ? header.Groups["type"].Value : "Error";
        var text = header.Success ? header.Groups["message"].Value.Trim() : trace[0];
        var at = LineOfCall(trace, lines);
        return new CellFailure(type, text, at, TextOf(at), trace);
    }

    /// <summary>"notebook, cell 7, line 3: model.Train(...)" and the error on the next line.</summary>
    public string Describe(string notebook, string cell) =>
        $"{notebook}, {cell}{(Line is null ? " (the kernel reports no line for this error)" : $", line {Line}: {LineText}")}\n  {ExceptionType}: {Message}";

    static int? LineOfCall(string[] trace, string[] cellLines)
    {
        var frames = trace.Where(t => t.TrimStart().StartsWith("at ", StringComparison.Ordinal)).Select(t => t.Trim()[3..]).ToList();
        // Every cell is a "Submission#N"; the failing cell is the outermost one (methods it calls from earlier cells sit above).
        var outermost = frames.LastOrDefault(f => f.StartsWith("Submission#", StringComparison.Ordinal));
        if (outermost is null) return null;
        var cell = outermost[..(outermost.IndexOf('.') is var dot and > 0 ? dot + 1 : outermost.Length)];
        int inCell = frames.FindIndex(f => f.StartsWith(cell, StringComparison.Ordinal));
        Regex pattern;
        if (inCell == 0)
            pattern = ThrowStatement();
        else
        {
            var callee = Callee(frames[inCell - 1]);
            if (callee is null) return null;
            pattern = new Regex($@"\b{Regex.Escape(callee)}\s*[<(]");
        }
        for (int i = 0; i < cellLines.Length; i++)
            if (pattern.IsMatch(cellLines[i])) return i + 1;
        return null;
    }

    /// <summary>The name a cell would write to call this frame's method: "Train", or the type for a constructor.</summary>
    static string? Callee(string frame)
    {
        var m = FrameMethod().Match(frame);
        if (!m.Success) return null;
        var parts = m.Groups["path"].Value.Split('.');
        var method = parts[^1];
        if (method is "ctor" or "cctor") return parts.Length > 2 ? parts[^3] : null;   // "Type..ctor" splits as [.., Type, "", ctor]
        if (AsyncStateMachine().Match(method) is { Success: true } async) return async.Groups["name"].Value;
        if (method == "MoveNext" && parts.Length > 1 && AsyncStateMachine().Match(parts[^2]) is { Success: true } outer) return outer.Groups["name"].Value;
        return method.StartsWith('<') ? null : method;
    }

    [GeneratedRegex(@"^(?<type>[\w.`]+(Exception|Error)):\s?(?<message>.*?)(\n\s+at |\n\s*---|$)", RegexOptions.Singleline)]
    private static partial Regex ExceptionHeader();

    [GeneratedRegex(@"^(?<path>[^(\[]+)")]
    private static partial Regex FrameMethod();

    [GeneratedRegex(@"^<(?<name>\w+)>d__\d+$")]
    private static partial Regex AsyncStateMachine();

    [GeneratedRegex(@"\bthrow\b")]
    private static partial Regex ThrowStatement();
}
