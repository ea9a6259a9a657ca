using System.Text.Json.Nodes;
using PruneLab.Cli.Notebooks;
using static PruneLab.Tests.Notebooks.NotebookBuilder;

namespace PruneLab.Tests.Notebooks;

/// <summary>
/// The runner against the real kernel (the tool pinned in .config/dotnet-tools.json, restored by setup.sh): what
/// a notebook's cells leave in the executed notebook, and how a failure is reported.
/// </summary>
public class NotebookRunnerTests
{
    static async Task<(NotebookRunResult Result, JsonObject Executed)> Run(TempRunFolder folder, string path, NotebookRunOptions? options = null)
    {
        options ??= new NotebookRunOptions { OutFolder = Path.Combine(folder.Path, "out") };
        var result = await new NotebookRunner(TextWriter.Null).RunAsync(path, options);
        return (result, JsonNode.Parse(File.ReadAllText(result.ExecutedNotebook))!.AsObject());
    }

    static JsonArray Cells(JsonObject notebook) => notebook["cells"]!.AsArray();
    static JsonArray Outputs(JsonObject notebook, int index) => Cells(notebook)[index]!["outputs"]!.AsArray();

    static string Text(JsonNode? output) => (string?)output?["output_type"] == "stream"
        ? (string?)output["text"] ?? ""
        : (string?)output?["data"]?["text/plain"] ?? (string?)output?["data"]?["text/html"] ?? "";

    [Fact]
    public async Task Should_Run_Cells_In_One_Kernel_With_The_Injected_Parameters_And_Keep_Outputs_In_Order()
    {
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "params",
            ("# A title", null),
            Code("var profile = \"quick\";\nint epochs = 3;\nstring name = \"a\";", "parameters"),
            Code("Console.WriteLine($\"{profile} {epochs} {name}\");\ndisplay(\"shown\");\nConsole.Error.WriteLine(\"careful\");\n6 * 7"));
        var (result, executed) = await Run(folder, path, new NotebookRunOptions
        {
            OutFolder = Path.Combine(folder.Path, "out"), Profile = "smoke", Overrides = [new("epochs", "7"), new("name", "two words")],
        });

        Assert.True(result.Succeeded, result.Failure);
        NbformatAssert.Valid(executed);
        NbformatAssert.ValidByJupyter(result.ExecutedNotebook);
        var cells = Cells(executed);
        Assert.Equal(4, cells.Count);
        Assert.Equal(["parameters"], cells[1]!["metadata"]!["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(["injected-parameters"], cells[2]!["metadata"]!["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(new int?[] { null, 1, 2, 3 }, cells.Select(c => (int?)c!["execution_count"]));

        var outputs = Outputs(executed, 3);
        Assert.Equal(["stream", "display_data", "stream", "execute_result"], outputs.Select(o => (string?)o!["output_type"]));
        Assert.Equal("smoke 7 two words\n", Text(outputs[0]));
        Assert.Equal("shown", Text(outputs[1]));
        Assert.Equal("stderr", (string?)outputs[2]!["name"]);
        Assert.Contains("42", Text(outputs[3]));
        Assert.Equal(3, (int?)outputs[3]!["execution_count"]);
    }

    [Fact]
    public async Task Should_Stop_At_A_Failing_Cell_Naming_The_Cell_The_Calling_Line_And_The_Exception()
    {
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "fails",
            Code("void Explode(string why) => throw new InvalidOperationException(why);"),
            Code("var fine = 1;\nExplode(\"the reason\");\nvar never = 2;"),
            Code("Console.WriteLine(\"not reached\");"));
        var (result, executed) = await Run(folder, path);

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.CellsRun);
        Assert.Equal("fails, cell 2, line 2: Explode(\"the reason\");\n  System.InvalidOperationException: the reason", result.Failure);
        NbformatAssert.ValidByJupyter(result.ExecutedNotebook);
        var error = Outputs(executed, 1).Single()!;
        Assert.Equal("error", (string?)error["output_type"]);
        Assert.Equal("System.InvalidOperationException", (string?)error["ename"]);
        Assert.Equal("the reason", (string?)error["evalue"]);
        Assert.Null((int?)Cells(executed)[2]!["execution_count"]);
        Assert.Empty(Outputs(executed, 2));
        Assert.True(File.Exists(result.Html));
    }

    [Fact]
    public async Task Should_Report_A_Compile_Error_With_Its_Line()
    {
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "typo", Code("var a = 1;\nvar b = a + c;"));
        var (result, _) = await Run(folder, path);
        Assert.False(result.Succeeded);
        Assert.StartsWith("typo, cell 1, line 2: var b = a + c;\n  CompilationError: CS0103: The name 'c' does not exist", result.Failure);
    }

    [Fact]
    public async Task Should_Refuse_An_Override_The_Parameters_Cell_Does_Not_Declare_Before_Starting_A_Kernel()
    {
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "params", Code("var profile = \"quick\";\nint seed = 1;", "parameters"), Code("1"));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Run(folder, path, new NotebookRunOptions
        {
            OutFolder = Path.Combine(folder.Path, "out"), Overrides = [new("epochs", "7")],
        }));
        Assert.Equal("--set epochs=7: params's parameters cell declares no 'epochs' (it declares profile, seed)", e.Message);
    }

    [Fact]
    public async Task Should_Stop_The_Kernel_At_The_Time_Limit()
    {
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "slow", Code("System.Threading.Thread.Sleep(120_000);"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (result, _) = await Run(folder, path, new NotebookRunOptions { OutFolder = Path.Combine(folder.Path, "out"), Timeout = TimeSpan.FromSeconds(20) });
        Assert.False(result.Succeeded);
        Assert.Contains("stopped after the", result.Failure);
        Assert.InRange(clock.Elapsed.TotalSeconds, 15, 60);
    }

    [Fact]
    public async Task Should_Keep_One_Output_Per_Live_Display_Where_The_Kernels_Own_Handle_Adds_A_Second()
    {
        // The stock kernel's display() returns a handle whose updates carry another id than the output it made (VS Code
        // then shows both); LiveDisplay's updates replace its one output. If a kernel upgrade fixes display(), the first
        // assertion fails: LiveDisplay is then no longer needed.
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "live",
            Code(KitReferences + "var handle = display(\"first\");\nhandle.Update(\"second\");"),
            Code("var live = PruneLab.Notebooks.LiveDisplay.Show(\"one\");\nlive.Update(\"two\");\nlive.Update(\"three\");"));
        var (result, executed) = await Run(folder, path);
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(["first", "second"], Outputs(executed, 0).Where(o => Text(o) is "first" or "second").Select(Text));
        Assert.Equal("three", Text(Outputs(executed, 1).Single()));
    }

    [Fact]
    public async Task Should_Export_A_Page_On_Which_A_Kit_Chart_Displayed_In_The_Kernel_Renders_In_Chromium()
    {
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "chart",
            Code(KitReferences + "using PruneLab.Cost;\nusing PruneLab.Models;\nusing PruneLab.Viz;"),
            Code("var cost = FlopCounter.Count(Architecture.Of(ModelCatalog.DefaultSpec(\"vgg16\", 3, 32, 10, 0.25)));\n" +
                 "display(CostCharts.FlopsPerLayer(cost, \"VGG-16 x0.25\"));\n" +
                 "var live = PruneLab.Notebooks.LiveDisplay.Show(TrainingCharts.Curves([], \"empty at first\"));\n" +
                 "live.Update(CostCharts.Compare((\"vgg16\", cost)));"));
        var (result, executed) = await Run(folder, path);
        Assert.True(result.Succeeded, result.Failure);
        // Both displays are the kit's own text/html (the convention-based formatter), not the kernel's object dump.
        var charts = Outputs(executed, 1).Where(o => Text(o).Contains("Plotly.newPlot")).ToList();
        Assert.Equal(2, charts.Count);
        var check = HeadlessChromium.Check(result.Html, Path.Combine(folder.Path, "chart.png"));
        Assert.True(check.Passed, $"{check.ChartsRendered}/{check.ChartsExpected} charts, errors: {string.Join("; ", check.ScriptErrors)}");
        Assert.Equal(2, check.ChartsExpected);
    }

    [Fact]
    public async Task Should_Rerun_An_Ablation_When_Its_Cell_Is_Edited_And_Reuse_It_When_The_Cell_Is_Run_Unchanged()
    {
        // Notebook 01's ablation on a tiny untrained VGG (prune only): the same cell twice, then an edited one.
        using var folder = new TempRunFolder();
        var results = folder.Path.Replace("\\", "/");
        const string cell = "// ✎ Ablation cell\nvar ablation = Ablation.Of<FilterScore>(\"smallest first\", w => w.flatten(1).abs().sum(1).neg());";
        const string run = "var r = FilterScoreAblation.Ensure(config, paper, ablation, Path.Combine(results, ablation.Folder));\n" +
                           "Console.WriteLine($\"{(r.Reused ? \"reused\" : \"ran\")} {ablation.Folder}\");";
        var path = Write(folder.Path, "ablation",
            Code(KitReferences + "using System.IO;\nusing PruneLab.Data;\nusing PruneLab.Methods;\nusing PruneLab.Methods.L1;\nusing PruneLab.Models;\n" +
                 "using PruneLab.Training;\nusing static TorchSharp.torch;"),
            Code($"var results = \"{results}\";\nmanual_seed(3);\n" +
                 "var net = ModelCatalog.Create(ModelCatalog.DefaultSpec(\"vgg16\", 1, 28, 10, width: 0.0625));\n" +
                 "Checkpoint.Save(Path.Combine(results, \"baseline.ckpt\"), net, new CheckpointHeader { Spec = net.Spec });\n" +
                 "var config = new L1PruneConfig { Checkpoint = Path.Combine(results, \"baseline.ckpt\"), Plan = \"vgg16-A\", Device = \"cpu\",\n" +
                 "    Data = new DataOptions { Subset = 300, Seed = 1 }, Retrain = new TrainingOptions { Epochs = 0 } };\n" +
                 "var paper = L1PruneRun.Ensure(config, Path.Combine(results, \"l1\"));"),
            Code(cell, "ablation"), Code(run),
            Code(cell, "ablation"), Code(run),
            Code(cell.Replace(".neg()", ".neg().exp()"), "ablation"), Code(run));
        var (result, executed) = await Run(folder, path);
        Assert.True(result.Succeeded, result.Failure);

        var lines = new[] { 3, 5, 7 }.Select(i => Text(Outputs(executed, i).Single(o => Text(o).StartsWith("r", StringComparison.Ordinal))).Trim()).ToArray();
        var folders = lines.Select(l => l.Split(' ')[1]).ToArray();
        Assert.StartsWith("ran ", lines[0]);
        Assert.Equal($"reused {folders[0]}", lines[1]);            // the same cell source: the same folder, read back
        Assert.StartsWith("ran ", lines[2]);                       // an edited cell: its own folder, run again
        Assert.NotEqual(folders[0], folders[2]);
        Assert.StartsWith("ablation-smallest-first-", folders[2]);
    }

    /// <summary>What a notebook in a temporary folder needs to use the built kit, as the kit's notebooks reference it.</summary>
    internal static string KitReferences =>
        "#r \"nuget: TorchSharp-cpu, 0.107.0\"\n" +
        $"#r \"{Path.Combine(PruneLab.Data.DatasetLocator.FindRepoRoot()!, "src", "PruneLab", "bin", "Release", "net10.0", "PruneLab.Core.dll")}\"\n";
}
