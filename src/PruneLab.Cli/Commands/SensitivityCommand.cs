using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PruneLab.Data;
using PruneLab.Methods.L1;
using PruneLab.Runtime;
using PruneLab.Training;
using Spectre.Console;

namespace PruneLab.Cli.Commands;

/// <summary>`prunelab sensitivity`: Li et al.'s per-layer sensitivity analysis of a trained checkpoint.</summary>
internal static class SensitivityCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Trained network to analyse", Required = true };
        var dataset = CommonOptions.Dataset();
        var device = CommonOptions.Device();
        var ratios = new Option<string>("--ratios") { Description = "Prune ratios to try per layer", DefaultValueFactory = _ => "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9" };
        var images = CommonOptions.Positive("--eval-images", 2000, "Held-out test images per evaluation (stratified)");
        var json = CommonOptions.Json();
        var output = new Option<string?>("--out") { Description = "Also write sensitivity.json into this folder" };
        var command = new Command("sensitivity", "Prune each layer alone at each ratio (no retraining) and test: the paper's Fig. 2")
        {
            checkpoint, dataset, device, ratios, images, json, output,
        };
        command.SetAction(p =>
        {
            var parsed = p.GetValue(ratios)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(r => double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                    : throw new ArgumentException($"--ratios: '{r}' is not a number")).ToArray();
            var dev = DeviceChoice.Resolve(p.GetValue(device)!);
            var (model, _) = Checkpoint.Load(p.GetValue(checkpoint)!, dev);
            using var _ = model;
            // Only the test split is used; a small training subset keeps loading cheap.
            using var data = DatasetCatalog.Load(p.GetValue(dataset)!.ToLowerInvariant(), new DataOptions { Subset = 1_000 });
            using var heldOut = data.Test.StratifiedSample(Math.Min(p.GetValue(images), data.Test.Count), 0);
            bool quiet = p.GetValue(json);
            var result = Sensitivity.Analyze(model, heldOut, parsed, dev, log: quiet ? null : Console.WriteLine);
            if (p.GetValue(output) is { } folder) AtomicFile.WriteJson(Path.Combine(folder, "sensitivity.json"), result);
            if (quiet)
            {
                Console.WriteLine(JsonSerializer.Serialize(result, AtomicFile.JsonLine));
                return Cli.Ok;
            }
            var table = new Table().Title($"{result.Model}: test accuracy after pruning one layer alone (baseline {result.BaselineAccuracy:P1}, {result.EvaluationImages} images)");
            table.AddColumn("layer");
            foreach (var r in result.Ratios) table.AddColumn($"{r:P0}");
            foreach (var s in result.Sites) table.AddRow([s.Site, .. s.Accuracy.Select(a => (a * 100).ToString("F1", CultureInfo.InvariantCulture))]);
            AnsiConsole.Write(table);
            return Cli.Ok;
        });
        return command;
    }
}
