using System.CommandLine;
using System.Text.Json;
using PruneLab.Cost;
using PruneLab.Data;
using PruneLab.Models;
using PruneLab.Training;
using Spectre.Console;

namespace PruneLab.Cli.Commands;

/// <summary>`prunelab flops`: the per-layer FLOPs and parameter table of a backbone for a dataset's input.</summary>
internal static class FlopsCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model();
        var dataset = CommonOptions.Dataset("cifar10");
        var width = CommonOptions.Width();
        var json = CommonOptions.Json();
        var command = new Command("flops", "Per-layer FLOPs (multiply-accumulates) and parameters; no dataset files needed") { model, dataset, width, json };
        command.SetAction(p =>
        {
            var info = DatasetInfo.ForName(p.GetValue(dataset)!.ToLowerInvariant());
            var spec = ModelCatalog.DefaultSpec(p.GetValue(model)!, info.Channels, info.Height, info.NumClasses, p.GetValue(width));
            var report = FlopCounter.Count(Architecture.Of(spec));
            if (p.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { model = report.Model, dataset = info.Name, width = p.GetValue(width), flops = report.Flops, @params = report.Params, layers = report.Layers }, AtomicFile.JsonLine));
                return Cli.Ok;
            }
            var table = new Table().Title($"{spec.Family} x{p.GetValue(width)} on {info.Name} ({info.Channels}x{info.Height}x{info.Width})");
            foreach (var c in new[] { "layer", "output", "in", "out", "FLOPs", "params", "% FLOPs" }) table.AddColumn(c);
            foreach (var l in report.Layers)
                table.AddRow(l.Name, $"{l.OutChannels}x{l.OutHeight}x{l.OutWidth}", l.InChannels.ToString(), l.OutChannels.ToString(),
                    l.Flops.ToString("N0"), l.Params.ToString("N0"), (l.Share * 100).ToString("F1"));
            table.AddRow("[bold]total[/]", "", "", "", $"[bold]{report.Flops:N0}[/]", $"[bold]{report.Params:N0}[/]", "100.0");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"FLOPs = multiply-accumulates of conv and linear layers ({report.Flops:E3}); params include batch-norm scales and shifts ({report.Params:E3}).");
            return Cli.Ok;
        });
        return command;
    }
}
