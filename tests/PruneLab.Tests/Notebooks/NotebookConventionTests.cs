using System.Text.RegularExpressions;
using System.Xml.Linq;
using PruneLab.Cli.Notebooks;
using PruneLab.Data;

namespace PruneLab.Tests.Notebooks;

/// <summary>Every notebook in notebooks/ follows notebooks/README.md, so VS Code opens it with the C# kernel.</summary>
public partial class NotebookConventionTests
{
    static readonly string Root = DatasetLocator.FindRepoRoot()!;

    static IEnumerable<string> Names() =>
        Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal);

    public static TheoryData<string> Notebooks() => new(Names());

    [Fact]
    public void Should_Have_The_Tour_Notebook() => Assert.Contains("00-tour.ipynb", Names());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Should_Carry_The_Polyglot_CSharp_Kernel_Metadata(string name)
    {
        var doc = NotebookDocument.Load(Path.Combine(Root, "notebooks", name));
        Assert.Equal(".net-csharp", (string?)doc.Metadata["kernelspec"]?["name"]);
        Assert.Equal("csharp", (string?)doc.Metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]);
        foreach (var cell in doc.Cells.Where(c => c.IsCode))
        {
            Assert.Equal("csharp", cell.KernelName);
            Assert.Equal("csharp", (string?)cell.Metadata["dotnet_interactive"]?["language"]);
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Should_Reference_The_Kit_And_Its_Package_Versions_In_The_First_Code_Cell(string name)
    {
        var doc = NotebookDocument.Load(Path.Combine(Root, "notebooks", name));
        var first = doc.Cells.First(c => c.IsCode).Source;
        var pinned = XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var references = NugetLine().Matches(first).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        Assert.Contains(references, r => r.Item1 == "TorchSharp-cpu");
        foreach (var (package, version) in references) Assert.Equal(pinned[package], version);
        Assert.DoesNotContain("Plotly", first);     // the kit's charts need no F# (environment.md: the FSharp.Core clash)
        Assert.DoesNotContain("ChartFormatter", first);
        var kit = Regex.Match(first, "#r \"([^\"]+PruneLab.Core.dll)\"");
        Assert.True(kit.Success, "the first code cell must #r the built kit");
        Assert.Equal(Path.Combine(Root, "src", "PruneLab", "bin", "Release", "net10.0", "PruneLab.Core.dll"),
            Path.GetFullPath(Path.Combine(Root, "notebooks", kit.Groups[1].Value)));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Should_Be_Nbformat_4_5_With_Unique_Cell_Ids(string name)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "notebooks", name)))!.AsObject();
        NbformatAssert.Valid(json);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Should_Import_What_The_Kernel_Does_Not(string name)
    {
        // The stock kernel imports only System, System.Collections.Generic, System.Linq, System.Text and
        // System.Threading.Tasks; a cell using Path or File needs System.IO from the first cell.
        var doc = NotebookDocument.Load(Path.Combine(Root, "notebooks", name));
        var code = string.Join("\n", doc.Cells.Where(c => c.IsCode).Select(c => c.Source));
        if (Regex.IsMatch(code, @"\b(Path|File|Directory)\."))
            Assert.Contains("using System.IO;", doc.Cells.First(c => c.IsCode).Source);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Should_Have_One_Parameters_Cell_With_The_Profile(string name)
    {
        var doc = NotebookDocument.Load(Path.Combine(Root, "notebooks", name));
        var parameters = doc.Cells.Where(c => c.IsCode && c.Tags.Contains(NotebookRunner.ParametersTag)).ToList();
        Assert.Single(parameters);
        Assert.Matches(@"var profile = ""(smoke|quick|paper)"";", parameters[0].Source);
    }

    [Theory]
    [InlineData("01-l1-filter-pruning.ipynb", "FilterScore")]
    [InlineData("02-metapruning.ipynb", "Mutation")]
    [InlineData("03-runtime-neural-pruning.ipynb", "RewardRule")]
    [InlineData("04-fire-together-wire-together.ipynb", "TargetRule")]
    public void Should_Give_Each_Paper_One_Marked_Ablation_Cell_Holding_Only_The_Delegate(string name, string delegateType)
    {
        var doc = NotebookDocument.Load(Path.Combine(Root, "notebooks", name));
        var ablation = Assert.Single(doc.Cells, c => c.IsCode && c.Tags.Contains("ablation"));
        Assert.StartsWith("// ✎ Ablation cell", ablation.Source);
        var code = string.Join("\n", ablation.Source.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        Assert.StartsWith($"var ablation = Ablation.Of<{delegateType}>(", code.TrimStart());
        Assert.EndsWith(");", code.TrimEnd());                    // one statement: the delegate, nothing else to edit
        Assert.Single(Regex.Matches(code, @"Ablation\.Of<"));
        // The next code cell runs it and shows it beside the default.
        var next = doc.Cells.Where(c => c.IsCode).SkipWhile(c => c != ablation).Skip(1).First();
        Assert.Contains("ablation", next.Source);
    }

    [GeneratedRegex("""#r "nuget:\s*([^,"]+),\s*([^"]+)""")] private static partial Regex NugetLine();
}
