using System.CommandLine;
using System.Globalization;
using PruneLab.Data;
using PruneLab.Methods.Rnp;
using PruneLab.Notebooks;
using PruneLab.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace PruneLab.Cli.Commands;

/// <summary>
/// `prunelab rnp train|sweep|route`: Runtime Neural Pruning (channel groups of a VGG) and Runtime Network Routing
/// (block paths of a CIFAR ResNet). Every reported setting is an option; defaults come from the run profile.
/// </summary>
internal static class RnpCommand
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    sealed class Settings
    {
        public readonly Option<string> Profile = CommonOptions.Profile();
        public readonly Option<int> Seed = new("--seed") { Description = "Seed of every random draw", DefaultValueFactory = _ => 1 };
        public readonly Option<string> Device = CommonOptions.Device();
        public readonly Option<string?> Checkpoint = new("--checkpoint") { Description = "Trained baseline to route (default: the profile's)" };
        public readonly Option<int?> Subset = new("--subset") { Description = "Training images for the agent and the fine-tuning" };
        public readonly Option<int?> Groups = new("--groups") { Description = "RNP: channel groups per layer, k (paper: 4)" };
        public readonly Option<double?> Alpha = new("--alpha") { Description = "Scale of the final -alpha * L_cls (default: 1 / mean loss of random routing)" };
        public readonly Option<double?> Discount = new("--discount") { Description = "Q-learning discount (default 0.99)" };
        public readonly Option<double?> EpsilonStart = new("--epsilon-start") { Description = "Exploration at the start of each agent phase" };
        public readonly Option<double?> EpsilonEnd = new("--epsilon-end") { Description = "Exploration after annealing" };
        public readonly Option<int?> EpsilonBatches = new("--epsilon-batches") { Description = "Agent batches over which epsilon anneals" };
        public readonly Option<int?> Replay = new("--replay") { Description = "Replay capacity in episodes" };
        public readonly Option<int?> ReplayBatch = new("--replay-batch") { Description = "Episodes per Q-update" };
        public readonly Option<int?> Updates = new("--updates") { Description = "Q-updates per collected batch of episodes" };
        public readonly Option<int?> TargetSync = new("--target-sync") { Description = "Q-updates between target-network copies" };
        public readonly Option<double?> AgentLr = new("--agent-lr") { Description = "Adam learning rate of the agent" };
        public readonly Option<double?> McMix = new("--mc-mix") { Description = "Share of the episode's return in the Q-target (0: one-step Q-learning)" };
        public readonly Option<double?> FullPrior = new("--full-prior") { Description = "Initial decoder bias toward keeping every group, per action (0: none)" };
        public readonly Option<string?> Cell = new("--cell") { Description = "The agent's shared recurrent cell: gru or lstm" };
        public readonly Option<int?> Rounds = new("--rounds") { Description = "Alternations of agent training and backbone fine-tuning" };
        public readonly Option<int?> AgentBatches = new("--agent-batches") { Description = "Batches of episodes per agent phase" };
        public readonly Option<int?> FineTuneEpochs = new("--finetune-epochs") { Description = "Backbone epochs per round" };
        public readonly Option<double?> FineTuneLr = new("--finetune-lr") { Description = "Backbone fine-tuning learning rate" };
        public readonly Option<string?> Out = new("--out") { Description = "Folder of the runs (default results/rnp/<profile>)" };

        public IEnumerable<Option> All => [Profile, Seed, Device, Checkpoint, Subset, Groups, Alpha, Discount, EpsilonStart, EpsilonEnd, EpsilonBatches,
            Replay, ReplayBatch, Updates, TargetSync, AgentLr, McMix, FullPrior, Cell, Rounds, AgentBatches, FineTuneEpochs, FineTuneLr, Out];

        public RnpProfile Read(ParseResult p)
        {
            var m = RnpProfile.For(p.GetValue(Profile)!, p.GetValue(Seed), p.GetValue(Device)!.ToLowerInvariant());
            var o = m.Options;
            var ft = o.FineTune with { Epochs = p.GetValue(FineTuneEpochs) ?? o.FineTune.Epochs, LearningRate = p.GetValue(FineTuneLr) ?? o.FineTune.LearningRate };
            o = o with
            {
                Groups = p.GetValue(Groups) ?? o.Groups, Alpha = p.GetValue(Alpha) ?? o.Alpha, Discount = p.GetValue(Discount) ?? o.Discount,
                EpsilonStart = p.GetValue(EpsilonStart) ?? o.EpsilonStart, EpsilonEnd = p.GetValue(EpsilonEnd) ?? o.EpsilonEnd,
                EpsilonBatches = p.GetValue(EpsilonBatches) ?? o.EpsilonBatches, ReplayCapacity = p.GetValue(Replay) ?? o.ReplayCapacity,
                ReplayBatch = p.GetValue(ReplayBatch) ?? o.ReplayBatch, UpdatesPerBatch = p.GetValue(Updates) ?? o.UpdatesPerBatch,
                TargetSync = p.GetValue(TargetSync) ?? o.TargetSync, AgentLearningRate = p.GetValue(AgentLr) ?? o.AgentLearningRate,
                MonteCarloMix = p.GetValue(McMix) ?? o.MonteCarloMix, FullPrior = p.GetValue(FullPrior) ?? o.FullPrior,
                Cell = p.GetValue(Cell) ?? o.Cell, Rounds = p.GetValue(Rounds) ?? o.Rounds, AgentBatches = p.GetValue(AgentBatches) ?? o.AgentBatches,
                FineTune = ft,
            };
            o.Validate(); // bad settings fail here, before any training
            return m with { Options = o, Data = m.Data with { Subset = p.GetValue(Subset) ?? m.Data.Subset }, Root = p.GetValue(Out) ?? m.Root };
        }
    }

    public static Command Create()
    {
        var command = new Command("rnp", "Runtime Neural Pruning / Runtime Network Routing (Lin et al., NIPS 2017 / TPAMI 2018): an RL agent routes each image");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Sweep());
        command.Subcommands.Add(Route());
        return command;
    }

    static Command Train()
    {
        var s = new Settings();
        var method = new Option<string>("--method") { Description = "rnp (channel groups of a VGG) or rnr (block paths of a CIFAR ResNet)", DefaultValueFactory = _ => RnpMethods.Rnp };
        method.AcceptOnlyFromAmong(RnpMethods.Rnp, RnpMethods.Rnr);
        var penalty = new Option<double?>("--penalty") { Description = "Per-step cost p of each group beyond the first (< 0)" };
        var paths = new Option<int?>("--paths") { Description = "RNR: paths per block (skip, then widths up to full; default 3)" };
        var command = new Command("train", "Alternate agent training and backbone fine-tuning, then route the test set and time batch-1 inference") { method, penalty, paths };
        foreach (var o in s.All) command.Options.Add(o);
        command.SetAction(p =>
        {
            var m = s.Read(p);
            bool rnr = p.GetValue(method) == RnpMethods.Rnr;
            var config = rnr ? m.Rnr() : m.Rnp(m.MainPenalty);
            config = config with
            {
                Options = config.Options with { Penalty = p.GetValue(penalty) ?? config.Options.Penalty },
                Paths = p.GetValue(paths) ?? config.Paths, Checkpoint = p.GetValue(s.Checkpoint) ?? config.Checkpoint,
            };
            config.Validate();
            var result = ConsoleProgress.Run(config.Method, progress =>
            {
                if (p.GetValue(s.Checkpoint) is null)
                    if (rnr) BaselineRun.Ensure(m.ResNetBaseline, m.ResNetBaselineFolder, progress);
                    else SharedBaseline.Ensure(m.Profile, progress, p.GetValue(s.Seed), config.Device);
                return RnpRun.Ensure(config, m.RunFolder(config), phase => Console.WriteLine(Describe(phase)), progress);
            });
            Print(result, m.RunFolder(config));
            return Cli.Ok;
        });
        return command;
    }

    static Command Sweep()
    {
        var s = new Settings();
        var penalties = new Option<string?>("--penalties") { Description = "Comma-separated penalties (default: the profile's)" };
        var command = new Command("sweep", "One routing run per penalty, each beside a static L1-pruned network of the same average FLOPs") { penalties };
        foreach (var o in s.All) command.Options.Add(o);
        command.SetAction(p =>
        {
            var m = s.Read(p);
            var list = p.GetValue(penalties) is { } text
                ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => double.TryParse(v, Inv, out var d) && d < 0
                    ? d : throw new ArgumentException($"--penalties: '{v}' is not a negative number.")).ToArray()
                : m.Penalties;
            var points = ConsoleProgress.Run("sweep", progress =>
            {
                SharedBaseline.Ensure(m.Profile, progress, p.GetValue(s.Seed), m.Baseline.Device);
                return list.Select(pen => RnpExperiment.EnsurePoint(m, pen, phase => Console.WriteLine($"p {pen}: " + Describe(phase)), progress)).ToArray();
            });
            var table = new Table().Title("penalty sweep (test set; FLOPs include the agent; speed-up at batch 1, agent included)");
            foreach (var c in new[] { "p", "accuracy", "avg FLOPs", "of dense", "batch-1 speed-up", "by FLOPs", "static accuracy", "static FLOPs" }) table.AddColumn(c);
            foreach (var pt in points.OrderByDescending(q => q.Penalty))
            {
                var r = pt.Routed;
                table.AddRow(pt.Penalty.ToString(Inv), r.Accuracy.ToString("P2", Inv), r.MeanFlops.ToString("N0", Inv), r.FlopsRatio.ToString("P1", Inv),
                    r.Latency is { } l ? l.Speedup.ToString("F2", Inv) + "x" : "-", r.Latency is { } f ? f.FlopsSpeedup.ToString("F2", Inv) + "x" : "-",
                    pt.Static?.Accuracy.ToString("P2", Inv) ?? "-", pt.Static?.Flops.ToString("N0", Inv) ?? "-");
            }
            AnsiConsole.Write(table);
            return Cli.Ok;
        });
        return command;
    }

    static Command Route()
    {
        var run = new Option<string>("--run") { Description = "A finished routing run's folder (e.g. results/rnp/quick/rnp-p0.02)", Required = true };
        var images = CommonOptions.Positive("--images", 10, "Test images to route");
        var start = CommonOptions.Positive("--start", 0, "Index of the first test image", min: 0);
        var command = new Command("route", "Route test images one at a time (batch 1, only the kept groups computed) and print each image's actions and cost") { run, images, start };
        command.SetAction(p =>
        {
            var folder = p.GetValue(run)!;
            var (routed, agent, config) = RnpRun.Load(folder, CPU);
            using var data = PruneLab.Data.DatasetCatalog.Load(config.Dataset, config.Data); // the test set is always whole
            var test = data.Test;
            int first = p.GetValue(start), n = Math.Min(p.GetValue(images), test.Count - first);
            if (n <= 0) throw new ArgumentException($"--start {first}: the test set has {test.Count} images.");
            var fast = new AgentInference(agent);
            long agentMacs = Enumerable.Range(0, routed.Steps).Sum(agent.Macs);
            double dense = routed.DenseFlops();
            using var subset = test.Subset(Enumerable.Range(first, n).Select(i => (long)i).ToArray());
            using var x = BatchLoader.First(subset, n, CPU);
            Console.WriteLine($"{config.Method} run {folder}: {routed.Steps} steps x {routed.Actions} actions; dense {dense:N0} FLOPs");
            for (int i = 0; i < n; i++)
            {
                var (logits, actions) = RoutedInference.Run(routed, fast, x.narrow(0, i, 1));
                int predicted = (int)logits.argmax(1).item<long>();
                double flops = routed.Flops(actions) + agentMacs;
                Console.WriteLine(string.Create(Inv,
                    $"image {first + i,5}  label {test.LabelArray[first + i]}  predicted {predicted}  actions {string.Join(" ", actions)}  {flops,12:N0} FLOPs ({flops / dense:P1})"));
            }
            return Cli.Ok;
        });
        return command;
    }

    static string Describe(RnpPhase phase) => phase.Phase == "agent"
        ? string.Create(Inv, $"round {phase.Round} agent: mean reward {phase.MeanReward:F3}, Q-loss {phase.QLoss:F4}, greedy accuracy {phase.Accuracy:P2}, {phase.MeanFlops:N0} FLOPs, {phase.Seconds:F0} s")
        : string.Create(Inv, $"round {phase.Round} backbone: accuracy {phase.Accuracy:P2}, {phase.MeanFlops:N0} FLOPs, {phase.Seconds:F0} s");

    static void Print(RnpResult r, string folder)
    {
        Console.WriteLine(string.Create(Inv,
            $"{r.Method} on {r.Model}, p {r.Penalty}: {r.Accuracy:P2} test accuracy at {r.MeanFlops:N0} average FLOPs ({r.FlopsRatio:P1} of {r.DenseFlops:N0}, agent {r.AgentMacs:N0}); baseline {r.BaselineAccuracy:P2}"));
        if (r.Latency is { } l)
            Console.WriteLine(string.Create(Inv,
                $"batch 1 over {l.Images} images: dense {l.DenseMs:F3} ms, routed {l.RoutedMs:F3} ms (agent included): {l.Speedup:F2}x measured vs {l.FlopsSpeedup:F2}x by FLOPs ({l.ShareOfTheoretical:P0})"));
        Console.WriteLine($"-> {folder}");
    }
}
