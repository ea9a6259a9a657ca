using System.Text.Json.Nodes;

namespace PruneLab.Cli.Notebooks;

/// <summary>
/// What a cell sees besides its own code, named as in the .NET Interactive C# kernel so a notebook runs unchanged in
/// VS Code and here: <c>display(value)</c> returns a handle whose <c>Update(value)</c> replaces that output, and
/// <c>HTML(text)</c> marks a string as HTML.
/// </summary>
public class NotebookGlobals
{
    internal NotebookGlobals(CellOutputs outputs) => Outputs = outputs;

    internal CellOutputs Outputs { get; }

#pragma warning disable IDE1006 // the kernel's names
    public DisplayHandle display(object? value) => Outputs.Display(value);

    public HtmlContent HTML(string html) => new(html);
#pragma warning restore IDE1006
}

/// <summary>An HTML string, rendered as text/html (the kernel's <c>HTML()</c> result).</summary>
public sealed record HtmlContent(string Html)
{
    public override string ToString() => Html;
}

/// <summary>A displayed output that can be replaced later, e.g. a training curve redrawn every epoch.</summary>
public sealed class DisplayHandle
{
    readonly CellOutputs _owner;
    readonly JsonObject _output;

    internal DisplayHandle(CellOutputs owner, JsonObject output) => (_owner, _output) = (owner, output);

    public void Update(object? value) => _owner.Replace(_output, value);
}

/// <summary>Collects the outputs of the cell being run: displays, stdout/stderr text, the result, an error.</summary>
public sealed class CellOutputs
{
    readonly object _gate = new();
    JsonArray _current = [];

    /// <summary>Called on every display and update, e.g. to save the notebook so far.</summary>
    public Action? Changed { get; set; }

    internal void StartCell(JsonArray outputs)
    {
        lock (_gate) _current = outputs;
    }

    public DisplayHandle Display(object? value)
    {
        var output = new JsonObject { ["output_type"] = "display_data", ["data"] = OutputBundle.For(value), ["metadata"] = new JsonObject() };
        lock (_gate) _current.Add(output);
        Changed?.Invoke();
        return new DisplayHandle(this, output);
    }

    internal void Replace(JsonObject output, object? value)
    {
        lock (_gate) output["data"] = OutputBundle.For(value);
        Changed?.Invoke();
    }

    internal void Result(object? value, int executionCount)
    {
        lock (_gate)
            _current.Add(new JsonObject
            {
                ["output_type"] = "execute_result", ["data"] = OutputBundle.For(value), ["metadata"] = new JsonObject(),
                ["execution_count"] = executionCount,
            });
    }

    internal void Error(string name, string message, IEnumerable<string> trace)
    {
        lock (_gate)
            _current.Add(new JsonObject
            {
                ["output_type"] = "error", ["ename"] = name, ["evalue"] = message,
                ["traceback"] = new JsonArray(trace.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            });
    }

    internal void Stream(string name, string text)
    {
        if (text.Length == 0) return;
        lock (_gate)
        {
            if (_current.Count > 0 && _current[^1] is JsonObject last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
                last["text"] = (string?)last["text"] + text;
            else
                _current.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
        }
    }
}

/// <summary>Console output of a cell: kept as the cell's stream output and echoed to the runner's own console.</summary>
internal sealed class CellWriter(CellOutputs outputs, string stream, TextWriter echo) : TextWriter
{
    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    public override void Write(char value) => Write(value.ToString());
    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        outputs.Stream(stream, value);
        echo.Write(value);
    }
    public override void WriteLine(string? value) => Write(value + "\n");
}
