using System.Text.Json.Nodes;

namespace PruneLab.Tests.Notebooks;

/// <summary>Writes small Polyglot-style notebooks for runner tests.</summary>
internal static class NotebookBuilder
{
    public static string Write(string folder, string name, params (string Source, string[]? Tags)[] cells)
    {
        var array = new JsonArray();
        foreach (var (source, tags) in cells)
        {
            var metadata = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } };
            if (tags is not null) metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray());
            array.Add(source.StartsWith("# ", StringComparison.Ordinal)
                ? new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = source }
                : new JsonObject { ["cell_type"] = "code", ["metadata"] = metadata, ["source"] = source, ["outputs"] = new JsonArray(), ["execution_count"] = null });
        }
        var doc = new JsonObject
        {
            ["cells"] = array, ["nbformat"] = 4, ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" } },
        };
        var path = Path.Combine(folder, name + ".ipynb");
        File.WriteAllText(path, doc.ToJsonString());
        return path;
    }

    public static (string, string[]?) Code(string source, params string[] tags) => (source, tags.Length == 0 ? null : tags);
}
