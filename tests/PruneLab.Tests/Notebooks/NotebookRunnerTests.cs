using System.Text.Json.Nodes;
using PruneLab.Cli.Notebooks;
using static PruneLab.Tests.Notebooks.NotebookBuilder;

namespace PruneLab.Tests.Notebooks;

public class NotebookRunnerTests
{
    static readonly KitPackages Packages = KitPackages.FromDepsFile(Path.Combine(AppContext.BaseDirectory, "PruneLab.Tests.deps.json"));

    static async Task<(NotebookRunResult Result, NotebookDocument Executed)> Run(TempRunFolder folder, string path, NotebookRunOptions? options = null)
    {
        options ??= new NotebookRunOptions { OutFolder = Path.Combine(folder.Path, "out") };
        var result = await new NotebookRunner(Packages, TextWriter.Null).RunAsync(path, options);
        return (result, NotebookDocument.Load(result.ExecutedNotebook));
    }

    static string Text(JsonNode? output) => output?["output_type"]?.GetValue<string>() == "stream"
        ? (string?)output["text"] ?? ""
        : (string?)output?["data"]?["text/plain"] ?? "";

    [Fact]
    public async Task Should_Keep_Variables_Across_Cells_And_Apply_Profile_And_Overrides_After_The_Parameters_Cell()
    {
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "params",
            Code("var profile = \"quick\";\nint epochs = 3;\nstring name = \"a\";", "parameters"),
            Code("Console.WriteLine($\"{profile} {epochs} {name}\");"));
        var (result, executed) = await Run(folder, path, new NotebookRunOptions
        {
            OutFolder = Path.Combine(folder.Path, "out"), Profile = "smoke",
            Overrides = [new("epochs", "7"), new("name", "two words")],
        });
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal("smoke 7 two words\n", Text(executed.Cells[1].Outputs.Single()));
    }

    [Fact]
    public async Task Should_Refuse_An_Override_The_Parameters_Cell_Does_Not_Declare()
    {
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "params", Code("var profile = \"quick\";", "parameters"), Code("1"));
        var (result, executed) = await Run(folder, path, new NotebookRunOptions
        {
            OutFolder = Path.Combine(folder.Path, "out"), Overrides = [new("epochs", "7")],
        });
        Assert.False(result.Succeeded);
        Assert.Contains("--set", result.Failure);
        Assert.Contains("'epochs'", result.Failure);
        Assert.Null(executed.Cells[1].ExecutionCount);
    }

    [Fact]
    public async Task Should_Replace_A_Displayed_Output_When_Its_Handle_Is_Updated_And_Record_Results()
    {
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "display",
            Code("var view = display(\"first\");"),
            Code("view.Update(HTML(\"<b>second</b>\"));\n6 * 7"));
        var (result, executed) = await Run(folder, path);
        Assert.True(result.Succeeded, result.Failure);
        var shown = executed.Cells[0].Outputs.Single()!;
        Assert.Equal("display_data", (string?)shown["output_type"]);
        Assert.Equal("<b>second</b>", (string?)shown["data"]!["text/html"]);
        var value = executed.Cells[1].Outputs.Single()!;
        Assert.Equal("execute_result", (string?)value["output_type"]);
        Assert.Equal("42", Text(value));
        Assert.Equal(new[] { 1, 2 }, executed.Cells.Select(c => c.ExecutionCount ?? 0));
    }

    [Fact]
    public async Task Should_Satisfy_Nuget_References_From_The_Kit_And_Name_A_Missing_Package()
    {
        using var folder = new TempRunFolder();
        var ok = Write(folder.Path, "nuget-ok", Code("#r \"nuget: Plotly.NET, 6.0.0\"\n#!csharp\nPlotly.NET.GenericChart? chart = null;\n1"));
        var (good, _) = await Run(folder, ok);
        Assert.True(good.Succeeded, good.Failure);

        var missing = Write(folder.Path, "nuget-missing", Code("1"), Code("#r \"nuget: Not.A.Package, 1.0.0\"\n2"), Code("3"));
        var (bad, executed) = await Run(folder, missing);
        Assert.False(bad.Succeeded);
        Assert.Contains("cell 2, line 1", bad.Failure);
        Assert.Contains("Not.A.Package", bad.Failure);
        Assert.Null(executed.Cells[2].ExecutionCount); // nothing after the failing cell ran
    }

    [Fact]
    public async Task Should_Resolve_File_References_Relative_To_The_Notebook()
    {
        using var folder = new TempRunFolder();
        var kit = typeof(PruneLab.Models.PrunableNet).Assembly.Location;
        var relative = Path.GetRelativePath(folder.Path, kit);
        var path = Write(folder.Path, "ref", Code($"#r \"{relative}\"\nstring.Join(\",\", PruneLab.Models.ModelCatalog.Names)"));
        var (result, executed) = await Run(folder, path);
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(string.Join(",", PruneLab.Models.ModelCatalog.Names), Text(executed.Cells[0].Outputs.Single()));

        var broken = Write(folder.Path, "broken-ref", Code("#r \"../nowhere/Missing.dll\"\n1"));
        var (bad, _) = await Run(folder, broken);
        Assert.False(bad.Succeeded);
        Assert.Contains("Missing.dll does not exist", bad.Failure);
    }

    [Fact]
    public async Task Should_Report_The_Notebook_Cell_Line_And_Message_Of_A_Failing_Cell()
    {
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "fails",
            Code("int x = 1;"),
            Code("x += 1;\nthrow new InvalidOperationException(\"boom \" + x);"),
            Code("x = 100;"));
        var (result, executed) = await Run(folder, path);
        Assert.False(result.Succeeded);
        Assert.Contains("fails, cell 2, line 2: throw new InvalidOperationException", result.Failure);
        Assert.Contains("boom 2", result.Failure);
        var error = executed.Cells[1].Outputs.Single()!;
        Assert.Equal("error", (string?)error["output_type"]);
        Assert.Equal("InvalidOperationException", (string?)error["ename"]);
        Assert.Empty(executed.Cells[2].Outputs);
    }

    [Fact]
    public async Task Should_Report_A_Compile_Error_With_Its_Line()
    {
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "typo", Code("int a = 1;\nint b = a +;\n"));
        var (result, _) = await Run(folder, path);
        Assert.False(result.Succeeded);
        Assert.Contains("cell 1, line 2: int b = a +;", result.Failure);
        Assert.Contains("CS1525", result.Failure);
    }

    [Fact]
    public async Task Should_Write_A_Valid_Nbformat_Notebook_And_An_Html_Export()
    {
        using var folder = new TempRunFolder();
        var path = Write(folder.Path, "valid",
            ("# Title\nSome *text* and a | pipe", null),
            Code("Console.WriteLine(\"out\");\nConsole.Error.WriteLine(\"err\");\ndisplay(HTML(\"<i>x</i>\"));\n1 + 1"));
        var (result, _) = await Run(folder, path);
        Assert.True(result.Succeeded, result.Failure);
        NbformatAssert.Valid(JsonNode.Parse(File.ReadAllText(result.ExecutedNotebook))!.AsObject());
        var html = File.ReadAllText(result.Html);
        Assert.Contains("<h1>Title</h1>", html);
        Assert.Contains("<i>x</i>", html);
        Assert.Equal(1, CountOf(html, "Plotly.newPlot=") + CountOf(html, "plotly.js v"));
    }

    static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
