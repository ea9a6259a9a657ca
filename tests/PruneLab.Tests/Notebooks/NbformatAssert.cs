using System.Text.Json.Nodes;

namespace PruneLab.Tests.Notebooks;

/// <summary>The parts of the nbformat 4.5 schema a notebook reader relies on, cell ids included.</summary>
internal static partial class NbformatAssert
{
    public static void Valid(JsonObject notebook)
    {
        Assert.Equal(4, (int?)notebook["nbformat"]);
        Assert.True((int?)notebook["nbformat_minor"] >= 5, "nbformat 4.5 or later (cells carry ids)");
        Assert.IsType<JsonObject>(notebook["metadata"]);
        var ids = new HashSet<string>();
        foreach (var cell in notebook["cells"]!.AsArray().Select(c => c!.AsObject()))
        {
            var id = (string?)cell["id"];
            Assert.True(id is not null && CellId().IsMatch(id), $"cell id '{id}' is not 1-64 of [a-zA-Z0-9-_]");
            Assert.True(ids.Add(id!), $"cell id '{id}' repeats");
            var kind = (string?)cell["cell_type"];
            Assert.Contains(kind, new[] { "code", "markdown", "raw" });
            Assert.IsType<JsonObject>(cell["metadata"]);
            Assert.NotNull(cell["source"]);
            if (kind != "code") { Assert.Null(cell["outputs"]); continue; }
            Assert.True(cell.ContainsKey("execution_count"));
            foreach (var output in cell["outputs"]!.AsArray().Select(o => o!.AsObject()))
            {
                switch ((string?)output["output_type"])
                {
                    case "stream":
                        Assert.Contains((string?)output["name"], new[] { "stdout", "stderr" });
                        Assert.NotNull(output["text"]);
                        break;
                    case "display_data":
                        Assert.IsType<JsonObject>(output["data"]);
                        Assert.IsType<JsonObject>(output["metadata"]);
                        break;
                    case "execute_result":
                        Assert.IsType<JsonObject>(output["data"]);
                        Assert.IsType<JsonObject>(output["metadata"]);
                        Assert.NotNull(output["execution_count"]);
                        break;
                    case "error":
                        Assert.NotNull(output["ename"]);
                        Assert.NotNull(output["evalue"]);
                        Assert.IsType<JsonArray>(output["traceback"]);
                        break;
                    default:
                        Assert.Fail($"unknown output_type {output["output_type"]}");
                        break;
                }
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex CellId();
}
