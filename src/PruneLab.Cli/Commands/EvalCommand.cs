using System.CommandLine;
using System.Text.Json;
using PruneLab.Cost;
using PruneLab.Data;
using PruneLab.Runtime;
using PruneLab.Training;

namespace PruneLab.Cli.Commands;

/// <summary>`prunelab eval`: rebuilds the network a checkpoint describes and measures it on the test set.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A .ckpt file written by prunelab", Required = true };
        var dataset = CommonOptions.Dataset();
        var device = CommonOptions.Device();
        var json = CommonOptions.Json();
        var command = new Command("eval", "Evaluate a checkpoint on a dataset's test split") { checkpoint, dataset, device, json };
        command.SetAction(p =>
        {
            var dev = DeviceChoice.Resolve(p.GetValue(device));
            var path = p.GetValue(checkpoint)!;
            var (model, header) = Checkpoint.Load(path, dev);
            using var _ = model;
            using var data = DatasetCatalog.Load(p.GetValue(dataset)!.ToLowerInvariant(), new DataOptions());
            if (data.Info.Channels != header.Spec.InChannels || data.Info.Height != header.Spec.ImageSize)
                throw new ArgumentException($"--dataset {data.Info.Name}: images are {data.Info.Channels}x{data.Info.Height}x{data.Info.Width}, " +
                                            $"but {path} was trained on {header.Spec.InChannels}x{header.Spec.ImageSize}x{header.Spec.ImageSize}.");
            var (loss, accuracy) = Evaluator.Evaluate(model, data.Test, dev);
            var cost = FlopCounter.Count(model.Architecture);
            var result = new { checkpoint = path, model = header.Spec.Family, dataset = data.Info.Name, epoch = header.Epoch, loss, accuracy, flops = cost.Flops, @params = cost.Params };
            Console.WriteLine(p.GetValue(json)
                ? JsonSerializer.Serialize(result, AtomicFile.JsonLine)
                : $"{header.Spec.Family} (epoch {header.Epoch}) on {data.Info.Name} test: accuracy {accuracy:P2}, loss {loss:F4}, {cost.Flops:N0} FLOPs, {cost.Params:N0} params");
            return Cli.Ok;
        });
        return command;
    }
}
