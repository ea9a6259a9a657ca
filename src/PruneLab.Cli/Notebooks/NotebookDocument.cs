using System.Text.Json;
using System.Text.Json.Nodes;

namespace PruneLab.Cli.Notebooks;

/// <summary>
/// An nbformat 4 notebook held as JSON, so metadata we do not model (VS Code's, papermill's) survives a round trip.
/// </summary>
public sealed class NotebookDocument
{
    readonly JsonObject _root;

    NotebookDocument(JsonObject root, string path)
    {
        _root = root;
        Path = path;
        Cells = (root["cells"] as JsonArray ?? throw new NotebookFormatException(path, "no \"cells\" array"))
            .Select((c, i) => new NotebookCell(c as JsonObject ?? throw new NotebookFormatException(path, $"cell {i + 1} is not an object"), i + 1))
            .ToList();
    }

    public string Path { get; }
    public IReadOnlyList<NotebookCell> Cells { get; }
    public JsonObject Metadata => _root["metadata"] as JsonObject ?? (JsonObject)(_root["metadata"] = new JsonObject());
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: notebook not found", path);
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new NotebookFormatException(path, "not valid JSON: " + e.Message); }
        if (node is not JsonObject root) throw new NotebookFormatException(path, "expected a JSON object");
        if ((int?)root["nbformat"] != 4) throw new NotebookFormatException(path, "expected nbformat 4");
        return new NotebookDocument(root, path);
    }

    /// <summary>The notebook as nbformat JSON (one-space indentation, as Jupyter writes it).</summary>
    public string ToJson() => _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1 }) + "\n";

    public NotebookDocument Copy(string path) => new((JsonObject)JsonNode.Parse(_root.ToJsonString())!, path);
}

/// <summary>One cell: its kind, source text, tags and (for code cells) outputs.</summary>
public sealed class NotebookCell(JsonObject json, int number)
{
    public int Number { get; } = number;
    public string Kind => (string?)json["cell_type"] ?? "";
    public bool IsCode => Kind == "code";

    public string Source
    {
        get => json["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
            JsonValue v => (string?)v ?? "",
            _ => "",
        };
    }

    public IReadOnlyList<string> Tags =>
        (json["metadata"]?["tags"] as JsonArray)?.Select(t => (string?)t ?? "").ToList() ?? [];

    /// <summary>The kernel VS Code's Polyglot extension would run this cell in ("csharp" unless stated).</summary>
    public string? KernelName => (string?)json["metadata"]?["polyglot_notebook"]?["kernelName"];

    public JsonObject Metadata => json["metadata"] as JsonObject ?? (JsonObject)(json["metadata"] = new JsonObject());

    public JsonArray Outputs => json["outputs"] as JsonArray ?? (JsonArray)(json["outputs"] = new JsonArray());

    public int? ExecutionCount
    {
        get => (int?)json["execution_count"];
        set => json["execution_count"] = value;
    }

    public void ClearOutputs()
    {
        if (!IsCode) return;
        json["outputs"] = new JsonArray();
        json["execution_count"] = null;
    }
}

public sealed class NotebookFormatException(string path, string problem) : Exception($"{path}: {problem}")
{
    public string FilePath { get; } = path;
}
