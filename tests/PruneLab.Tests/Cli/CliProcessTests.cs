using System.Diagnostics;
using System.Text.Json;

namespace PruneLab.Tests.Cli;

/// <summary>Runs the real `prunelab` executable, as a user would, and checks exit codes and output.</summary>
public class CliProcessTests
{
    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "prunelab.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "prunelab did not finish in 2 minutes");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("train", "--width", "0")]
    [InlineData("train", "--epochs", "0")]
    [InlineData("train", "--model", "resnet7")]
    [InlineData("train", "--device", "tpu")]
    [InlineData("flops", "--dataset", "imagenet")]
    [InlineData("prune", "l1", "--plan", "conv3=1.5", "--dry-run")]
    [InlineData("prune", "l1", "--model", "vgg16", "--plan", "resnet56-A", "--dry-run")]
    [InlineData("prune", "l1", "--plan", "vgg16-A")]
    [InlineData("prune", "l1", "--plan", "vgg16-A", "--criterion", "l3", "--dry-run")]
    [InlineData("notebooks", "run", "00-tour", "--profile", "huge")]
    [InlineData("meta", "search", "--profile", "smoke", "--flops-budget", "half")]
    [InlineData("meta", "search", "--profile", "smoke", "--flops-budget", "1e12")]
    [InlineData("meta", "final", "--profile", "smoke", "--parents", "1")]
    [InlineData("meta", "train", "--profile", "smoke", "--choices", "0:1:0.1")]
    [InlineData("rnp", "train", "--profile", "smoke", "--penalty", "0.1")]
    [InlineData("rnp", "train", "--profile", "smoke", "--method", "skipnet")]
    [InlineData("rnp", "train", "--profile", "smoke", "--cell", "rnn")]
    [InlineData("rnp", "train", "--profile", "smoke", "--epsilon-start", "1.5")]
    [InlineData("rnp", "sweep", "--profile", "smoke", "--penalties", "-0.01,abc")]
    [InlineData("rnp", "route", "--run", "/nonexistent/rnp-run")]
    [InlineData("bench", "--sliced", "--passes", "0")]
    [InlineData("bench", "--sliced", "--images", "0")]
    [InlineData("bench", "--sliced", "--profile", "huge")]
    public void Should_Exit_2_With_One_Line_And_No_Stack_Trace_On_Bad_Usage(params string[] args)
    {
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void Should_Print_The_Sliced_Bench_As_Json_With_A_Row_Per_Keep_Share_And_Static_Rows_At_Batch_1_And_64()
    {
        using var folder = new TempRunFolder();
        // One pass and two images: this checks the report's shape, not the speed (that is the bench's own job).
        var (code, output, err) = Run("bench", "--sliced", "--json", "--profile", "smoke", "--images", "2", "--passes", "1", "--out", folder.Path);
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        var keeps = root.GetProperty("sliced").EnumerateArray().ToArray();
        Assert.Equal([1.0, 0.8, 0.6, 0.4], keeps.Select(k => k.GetProperty("keep").GetDouble()));
        Assert.All(keeps, k => Assert.True(k.GetProperty("speedup").GetDouble() > 0 && k.GetProperty("flopsSpeedup").GetDouble() >= 1));
        Assert.Equal(1.0, keeps[0].GetProperty("flopsSpeedup").GetDouble(), 9);
        var l1 = root.GetProperty("static").EnumerateArray().Where(r => r.GetProperty("timing").GetProperty("name").GetString()!.StartsWith("L1")).ToArray();
        Assert.Equal([1, 64], l1.Select(r => r.GetProperty("timing").GetProperty("batch").GetInt32()));
        var peak = root.GetProperty("peak");
        Assert.Equal(Math.Max(peak.GetProperty("matmulMacsPerSecond").GetDouble(), peak.GetProperty("convMacsPerSecond").GetDouble()),
            peak.GetProperty("macsPerSecond").GetDouble());
        Assert.True(root.GetProperty("threads").GetInt32() >= 1);
        Assert.True(root.GetProperty("trainer").GetProperty("bareSeconds").GetDouble() > 0);
        Assert.True(File.Exists(Path.Combine(folder.Path, "sliced.json")) && File.Exists(Path.Combine(folder.Path, "sliced.md")));
    }

    [Fact]
    public void Should_Print_Flops_As_One_Json_Object()
    {
        var (code, output, _) = Run("flops", "--model", "resnet56", "--dataset", "cifar10", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("resnet56", doc.RootElement.GetProperty("model").GetString());
        Assert.InRange(doc.RootElement.GetProperty("flops").GetInt64(), 1.24e8, 1.26e8);
        Assert.True(doc.RootElement.GetProperty("params").GetInt64() > 0);
        Assert.Equal(56 - 1 + 1, doc.RootElement.GetProperty("layers").GetArrayLength()); // 55 convs + fc
    }

    [Fact]
    public void Should_Exit_1_Naming_A_Missing_Checkpoint()
    {
        var (code, _, err) = Run("eval", "--checkpoint", "/nonexistent/x.ckpt", "--device", "cpu");
        Assert.Equal(1, code);
        Assert.Contains("/nonexistent/x.ckpt", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void Should_Print_A_Preset_Plans_Cost_And_Widths_As_Json_Without_A_Checkpoint()
    {
        var (code, output, err) = Run("prune", "l1", "--model", "resnet56", "--dataset", "cifar10", "--plan", "resnet56-B", "--dry-run", "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(90_907_264, root.GetProperty("flops").GetInt64());           // paper: 9.09e7, -27.6%
        Assert.InRange(root.GetProperty("flopsCut").GetDouble(), 0.2755, 0.2765);
        Assert.InRange(root.GetProperty("params").GetInt64(), 725_000, 735_000); // paper: 7.3e5
        Assert.Equal(6, root.GetProperty("widths").GetProperty("layer1.0.conv1").GetInt32());
        Assert.Equal(16, root.GetProperty("widths").GetProperty("layer1.7.conv1").GetInt32()); // conv 16 is skipped
    }

    [Fact]
    public void Should_Pass_A_Set_Value_To_The_Notebook_Through_The_Kernel_And_Refuse_One_It_Does_Not_Declare()
    {
        using var folder = new TempRunFolder();
        var notebook = Notebooks.NotebookBuilder.Write(folder.Path, "knobs",
            Notebooks.NotebookBuilder.Code("var profile = \"quick\";\nint epochs = 3;\ndouble[]? rates = null;", "parameters"),
            Notebooks.NotebookBuilder.Code("Console.WriteLine($\"{profile}: {epochs} epochs, rates {string.Join('/', rates!)}\");"));
        var output = Path.Combine(folder.Path, "out");

        var (code, stdout, err) = Run("notebooks", "run", notebook, "--profile", "smoke", "--set", "epochs=7",
            "--set", "rates=@new double[] { 0.1, 0.01 }", "--out", output);
        Assert.True(code == 0, err + stdout);
        Assert.Contains("knobs: ok", stdout);
        var executed = File.ReadAllText(Path.Combine(output, "knobs.ipynb"));
        Assert.Contains("smoke: 7 epochs, rates 0.1/0.01", executed);

        var (refused, _, why) = Run("notebooks", "run", notebook, "--set", "epoch=7", "--out", output);
        Assert.Equal(2, refused);
        Assert.Equal("prunelab: --set epoch=7: knobs's parameters cell declares no 'epoch' (it declares profile, epochs, rates)", why.Trim());
    }
}
