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

    /// <summary>The Jupyter project's own validator (Debian's python3-nbformat, installed by setup.sh) accepts the file.</summary>
    public static void ValidByJupyter(string path)
    {
        const string script = "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT))";
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new System.Diagnostics.ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-c", script, path }) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"nbformat.validate rejected {path} (or python3-nbformat is missing: ./setup.sh installs it):\n{error}");
    }
}
