using System.Text.Json;
using System.Text.Json.Nodes;

namespace PruneLab.Cli.Notebooks;

/// <summary>
/// An nbformat 4 notebook held as JSON, so metadata we do not model (VS Code's, papermill's) survives a round trip.
/// </summary>
public sealed class NotebookDocument
{
    readonly JsonObject _root;
    readonly List<NotebookCell> _cells;

    NotebookDocument(JsonObject root, string path)
    {
        _root = root;
        Path = path;
        _cells = (root["cells"] as JsonArray ?? throw new NotebookFormatException(path, "no \"cells\" array"))
            .Select((c, i) => new NotebookCell(c as JsonObject ?? throw new NotebookFormatException(path, $"cell {i + 1} is not an object"), i + 1))
            .ToList();
    }

    public string Path { get; }
    public IReadOnlyList<NotebookCell> Cells => _cells;
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

    /// <summary>
    /// Makes the notebook nbformat 4.5: every cell gets an id (1-64 letters, digits, '-' or '_', unique), kept where it
    /// has a valid one. New ids are derived from the cell's position, so re-saving a notebook does not churn them.
    /// </summary>
    public void EnsureCellIds()
    {
        if ((int?)_root["nbformat_minor"] is not >= 5) _root["nbformat_minor"] = 5;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in _cells)
            if (cell.Id is { } id && ValidId(id) && taken.Add(id)) continue;
            else
            {
                var fresh = $"cell-{cell.Number}";
                for (int k = 2; !taken.Add(fresh); k++) fresh = $"cell-{cell.Number}-{k}";
                cell.Id = fresh;
            }
    }

    /// <summary>Inserts a code cell after <paramref name="after"/> (papermill's injected-parameters cell, for one).</summary>
    public NotebookCell InsertCodeCellAfter(NotebookCell after, string id, string source, JsonObject metadata)
    {
        var json = new JsonObject
        {
            ["cell_type"] = "code", ["id"] = id, ["metadata"] = metadata, ["execution_count"] = null,
            ["outputs"] = new JsonArray(), ["source"] = NotebookCell.SourceLines(source),
        };
        var cells = (JsonArray)_root["cells"]!;
        var index = _cells.IndexOf(after) + 1;
        cells.Insert(index, json);
        var cell = new NotebookCell(json, 0);
        _cells.Insert(index, cell);
        return cell;
    }

    static bool ValidId(string id) => id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>One cell: its kind, source text, tags and (for code cells) outputs.</summary>
public sealed class NotebookCell(JsonObject json, int number)
{
    /// <summary>Position in the source notebook, from 1 (what error messages name); 0 for a cell the runner added.</summary>
    public int Number { get; } = number;

    public string? Id
    {
        get => (string?)json["id"];
        set => json["id"] = value;
    }
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

    /// <summary>Source as nbformat stores it: a list of lines, each but the last ending in a newline.</summary>
    public static JsonArray SourceLines(string source)
    {
        var lines = new JsonArray();
        int start = 0;
        for (int i = 0; i < source.Length; i++)
            if (source[i] == '\n') { lines.Add(source[start..(i + 1)]); start = i + 1; }
        if (start < source.Length) lines.Add(source[start..]);
        return lines;
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
