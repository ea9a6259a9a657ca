using System.Text.Json.Nodes;

namespace PruneLab.Tests.Notebooks;

/// <summary>The parts of the nbformat 4 schema a notebook reader relies on.</summary>
internal static class NbformatAssert
{
    public static void Valid(JsonObject notebook)
    {
        Assert.Equal(4, (int?)notebook["nbformat"]);
        Assert.NotNull(notebook["nbformat_minor"]);
        Assert.IsType<JsonObject>(notebook["metadata"]);
        foreach (var cell in notebook["cells"]!.AsArray().Select(c => c!.AsObject()))
        {
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
}
