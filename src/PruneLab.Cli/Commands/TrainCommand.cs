using System.CommandLine;
using System.Globalization;
using PruneLab.Data;
using PruneLab.Training;

namespace PruneLab.Cli.Commands;

/// <summary>`prunelab train`: a dense baseline (<see cref="BaselineRun"/>).</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var defaults = new BaselineConfig();
        var t = defaults.Training;
        var model = CommonOptions.Model(defaults.Model);
        var dataset = CommonOptions.Dataset(defaults.Dataset);
        var width = CommonOptions.Width(defaults.Width);
        var device = CommonOptions.Device();
        var epochs = CommonOptions.Positive("--epochs", t.Epochs, "Training epochs");
        var batch = CommonOptions.Positive("--batch-size", t.BatchSize, "Mini-batch size");
        var lr = new Option<double>("--lr") { Description = "Initial learning rate", DefaultValueFactory = _ => t.LearningRate };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum", DefaultValueFactory = _ => t.Momentum };
        var wd = new Option<double>("--weight-decay") { Description = "L2 weight decay", DefaultValueFactory = _ => t.WeightDecay };
        var schedule = new Option<string>("--schedule") { Description = "step, cosine, linear or constant", DefaultValueFactory = _ => t.Schedule };
        schedule.AcceptOnlyFromAmong(LrSchedule.Names);
        var milestones = new Option<string>("--milestones") { Description = "Step milestones as fractions of the epochs, e.g. 0.5,0.75", DefaultValueFactory = _ => "0.5,0.75" };
        var smoothing = new Option<double>("--label-smoothing") { Description = "Label smoothing in [0, 1)" };
        var subset = new Option<int?>("--subset") { Description = "Keep N training images (stratified)" };
        var val = CommonOptions.Positive("--val", 0, "Hold out N training images as a validation split", min: 0);
        var seed = new Option<int>("--seed") { Description = "Seed for init, shuffling and augmentation" };
        var output = new Option<string>("--out") { Description = "Run folder", DefaultValueFactory = _ => "results/baseline" };
        var resume = new Option<bool>("--resume") { Description = "Continue from <out>/last.ckpt" };
        var threads = CommonOptions.Positive("--threads", 0, "Torch CPU threads (0: torch's default)", min: 0);

        var command = new Command("train", "Train a baseline; writes config, metrics, checkpoints, FLOPs table and result under --out")
        {
            model, dataset, width, device, epochs, batch, lr, momentum, wd, schedule, milestones, smoothing, subset, val, seed, output, resume, threads,
        };
        command.SetAction(p =>
        {
            ThreadSetting.Apply(p.GetValue(threads));
            var config = new BaselineConfig
            {
                Model = p.GetValue(model)!.ToLowerInvariant(), Dataset = p.GetValue(dataset)!.ToLowerInvariant(), Width = p.GetValue(width),
                Device = p.GetValue(device)!,
                Data = new DataOptions { Subset = p.GetValue(subset), ValidationCount = p.GetValue(val), Seed = p.GetValue(seed) },
                Training = t with
                {
                    Epochs = p.GetValue(epochs), BatchSize = p.GetValue(batch), LearningRate = p.GetValue(lr), Momentum = p.GetValue(momentum),
                    WeightDecay = p.GetValue(wd), Schedule = p.GetValue(schedule)!, Milestones = ParseFractions(p.GetValue(milestones)!),
                    LabelSmoothing = p.GetValue(smoothing), Seed = p.GetValue(seed),
                },
            };
            var folder = p.GetValue(output)!;
            var result = ConsoleProgress.Run($"training {config.Model}", progress => BaselineRun.Run(config, folder, progress, p.GetValue(resume)));
            Console.WriteLine($"done: test accuracy {result.TestAccuracy:P2} (best {result.BestTestAccuracy:P2} at epoch {result.BestEpoch}), " +
                              $"{result.Flops:N0} FLOPs, {result.Params:N0} params, {result.Seconds:F0} s. Results in {Path.GetFullPath(folder)}");
            return Cli.Ok;
        });
        return command;
    }

    static double[] ParseFractions(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v : throw new ArgumentException($"--milestones '{text}': expected fractions like 0.5,0.75."))
            .ToArray();
}
