using System.Text.Json;
using System.Text.Json.Nodes;

namespace PruneLab.Cli.Notebooks;

/// <summary>
/// A cell's nbformat outputs, built from the kernel's events the way VS Code's Polyglot extension builds them: standard
/// output and error as streams, every display as its own output keyed by its value id, an update replacing the output
/// with that id (or, for an id not seen, appending one, as the extension does), the return value as execute_result.
/// </summary>
public sealed class CellOutputs(JsonArray outputs, int executionCount, TextWriter? echo = null)
{
    readonly Dictionary<string, JsonObject> _byValueId = [];

    public JsonArray Outputs { get; } = outputs;

    /// <summary>Applies one event; returns whether the outputs changed.</summary>
    public bool Apply(KernelEvent e)
    {
        switch (e.Type)
        {
            case "StandardOutputValueProduced":
                return Stream("stdout", e.Payload);
            case "StandardErrorValueProduced":
                return Stream("stderr", e.Payload);
            case "DisplayedValueProduced":
            case "DisplayedValueUpdated":
                var id = (string?)e.Payload["valueId"];
                if (id is not null && _byValueId.TryGetValue(id, out var shown))
                {
                    shown["data"] = Bundle(e.Payload);
                    return true;
                }
                var display = new JsonObject { ["output_type"] = "display_data", ["data"] = Bundle(e.Payload), ["metadata"] = new JsonObject() };
                Outputs.Add(display);
                if (id is not null) _byValueId[id] = display;
                return true;
            case "ReturnValueProduced":
                Outputs.Add(new JsonObject
                {
                    ["output_type"] = "execute_result", ["data"] = Bundle(e.Payload), ["metadata"] = new JsonObject(),
                    ["execution_count"] = executionCount,
                });
                return true;
            case "ErrorProduced":
                Error("Error", (string?)e.Payload["message"] ?? "");
                return true;
            default:
                return false;
        }
    }

    /// <summary>The cell's error output, as Jupyter writes one: exception type, message, and the lines of the trace.</summary>
    public void Error(string name, string message, IEnumerable<string>? trace = null)
    {
        Outputs.Add(new JsonObject
        {
            ["output_type"] = "error", ["ename"] = name, ["evalue"] = message,
            ["traceback"] = new JsonArray((trace ?? [message]).Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
        });
    }

    bool Stream(string name, JsonObject payload)
    {
        var text = string.Concat(Values(payload).Select(v => v.Value));
        if (text.Length == 0) return false;
        echo?.Write(text);
        if (Outputs.Count > 0 && Outputs[^1] is JsonObject last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
            last["text"] = (string?)last["text"] + text;
        else
            Outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
        return true;
    }

    /// <summary>A MIME bundle: JSON types as JSON, everything else as text.</summary>
    static JsonObject Bundle(JsonObject payload)
    {
        var bundle = new JsonObject();
        foreach (var (mime, value) in Values(payload))
        {
            JsonNode? node = value;
            if (mime.EndsWith("json", StringComparison.Ordinal))
                try { node = JsonNode.Parse(value); }
                catch (JsonException) { /* keep the text */ }
            bundle[mime] = node;
        }
        return bundle;
    }

    static IEnumerable<(string Mime, string Value)> Values(JsonObject payload) =>
        (payload["formattedValues"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(v => (bool?)v["suppressDisplay"] != true && v["mimeType"] is not null)
            .Select(v => ((string)v["mimeType"]!, (string?)v["value"] ?? ""));
}
