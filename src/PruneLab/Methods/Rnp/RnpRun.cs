using System.Diagnostics;
using System.Text;
using System.Text.Json;
using TorchSharp;
using PruneLab.Data;
using PruneLab.Methods.L1;
using PruneLab.Models;
using PruneLab.Pruning;
using PruneLab.Runtime;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// A whole routing experiment in one run folder: order the baseline's channels by importance, calibrate alpha,
/// alternate agent training and backbone fine-tuning for R rounds, then route the test set (routing.json) and time
/// dynamic inference at batch 1. State is saved after every phase (state.json, backbone.ckpt, agent.bin) and
/// fine-tuning after every epoch, so a cut run resumes; a finished one with the same configuration is skipped.
/// </summary>
public static class RnpRun
{
    public const string StateFile = "state.json", BackboneFile = "backbone.ckpt", AgentFile = "agent.bin", RoutingFile = "routing.json";

    public static RnpResult Ensure(RnpConfig config, string folder, Action<RnpPhase>? phaseDone = null, ITrainingProgress? progress = null) =>
        ExperimentFolder.Finished<RnpResult>(folder, config) ?? Run(config, folder, phaseDone, progress);

    public static RnpResult Run(RnpConfig config, string folder, Action<RnpPhase>? phaseDone = null, ITrainingProgress? progress = null)
    {
        config.Validate();
        progress ??= SilentProgress.Instance;
        var device = DeviceChoice.Resolve(config.Device);
        Directory.CreateDirectory(folder);
        bool resume = ExperimentFolder.Matches(folder, config) && File.Exists(Path.Combine(folder, StateFile));
        if (!resume) Clear(folder);
        AtomicFile.WriteJson(Path.Combine(folder, ExperimentFolder.ConfigFile), new { config, environment = RunEnvironment.Describe(device) });

        using var data = DatasetCatalog.Load(config.Dataset, config.Data);
        using var net = OrderedBackbone(config, data.Test, device, out var baselineView);
        var routed = Route(config, net); // a wrong family fails here, before any training
        var options = config.Options;
        manual_seed(options.Seed); // the agent's initial weights
        using var agent = RnpNetwork.Agent(routed, options);
        agent.to(device);
        var trainer = new RnpTrainer(routed, agent, options, device);
        RnpState state;
        if (resume)
        {
            state = JsonSerializer.Deserialize<RnpState>(File.ReadAllText(Path.Combine(folder, StateFile)), AtomicFile.Json)!;
            if (state.Phases.Count > 0)
            {
                Checkpoint.LoadInto(Path.Combine(folder, BackboneFile), net);
                LoadAgent(agent, Path.Combine(folder, AgentFile));
            }
            progress.Message($"resumed {folder} after {state.Phases.Count} of {2 * options.Rounds} phases");
            foreach (var p in state.Phases) phaseDone?.Invoke(p);
        }
        else state = new RnpState(trainer.CalibrateAlpha(data.Train), []);
        progress.Message($"{config.Method} on {net.Spec.Family}: {routed.Steps} decisions x {routed.Actions} actions, p = {options.Penalty}, " +
                         $"alpha = {state.Alpha:G3}; baseline {baselineView.Accuracy:P2} at {routed.DenseFlops():N0} FLOPs");

        for (int j = state.Phases.Count; j < 2 * options.Rounds; j++)
        {
            int round = j / 2 + 1;
            var phase = j % 2 == 0
                ? trainer.TrainAgent(data.Train, data.Test, round, state.Alpha)
                : trainer.FineTune(data.Train, data.Test, round, Path.Combine(folder, $"finetune-r{round}"), progress);
            Checkpoint.Save(Path.Combine(folder, BackboneFile), net, new CheckpointHeader { Spec = net.Spec, Notes = new() { ["method"] = config.Method } });
            SaveAgent(agent, Path.Combine(folder, AgentFile));
            state = state with { Phases = [.. state.Phases, phase] };
            AtomicFile.WriteJson(Path.Combine(folder, StateFile), state);
            progress.Message($"round {round} {phase.Phase}: accuracy {phase.Accuracy:P2}, {phase.MeanFlops / routed.DenseFlops():P1} of the FLOPs ({phase.Seconds:F0} s)");
            phaseDone?.Invoke(phase);
        }

        var clock = Stopwatch.StartNew(); // routing the test set and timing it; the phases keep their own seconds
        var evaluation = trainer.LatestEvaluation ?? trainer.Evaluate(data.Test); // the last phase ended routing it, unless all were done before
        var record = Record(routed, evaluation, baselineView);
        AtomicFile.WriteJson(Path.Combine(folder, RoutingFile), record);
        RoutingLatencyResult? latency = null;
        if (config.LatencyImages > 0)
        {
            using var images = BatchLoader.First(data.Test, config.LatencyImages, device);
            latency = RoutingLatency.Measure(routed, agent, images, evaluation.Actions);
        }
        long agentMacs = Enumerable.Range(0, routed.Steps).Sum(agent.Macs);
        var result = new RnpResult(config.Method, net.Spec.Family, options.Penalty, state.Alpha, baselineView.Accuracy, evaluation.Accuracy,
            evaluation.MeanFlops, routed.DenseFlops(), agentMacs, state.Phases, Shares(evaluation.Actions, routed.Actions), latency,
            state.Phases.Sum(p => p.Seconds) + clock.Elapsed.TotalSeconds, Path.Combine(folder, BackboneFile), Path.Combine(folder, AgentFile));
        AtomicFile.WriteJson(Path.Combine(folder, ExperimentFolder.ResultFile), result);
        return result;
    }

    /// <summary>A finished run's routed network and agent, ready to route images (eval mode).</summary>
    public static (IRoutedNetwork Routed, RoutingAgent Agent, RnpConfig Config) Load(string folder, Device? device = null)
    {
        var configPath = Path.Combine(folder, ExperimentFolder.ConfigFile);
        if (!File.Exists(Path.Combine(folder, ExperimentFolder.ResultFile)))
            throw new ArgumentException($"{folder} holds no finished routing run (no {ExperimentFolder.ResultFile}); train it first (prunelab rnp train).");
        using var doc = JsonDocument.Parse(File.ReadAllText(configPath));
        var config = doc.RootElement.GetProperty("config").Deserialize<RnpConfig>(AtomicFile.Json)
                     ?? throw new CheckpointException(configPath, "holds no routing configuration");
        var (net, _) = Checkpoint.Load(Path.Combine(folder, BackboneFile), device);
        var routed = Route(config, net);
        var agent = RnpNetwork.Agent(routed, config.Options);
        LoadAgent(agent, Path.Combine(folder, AgentFile));
        agent.to(device ?? CPU).eval();
        net.eval();
        return (routed, agent, config);
    }

    /// <summary>The routed view of a backbone: channel groups of a VGG (RNP) or block paths of a CIFAR ResNet (RNR).</summary>
    public static IRoutedNetwork Route(RnpConfig config, PrunableNet net) => (config.Method, net) switch
    {
        (RnpMethods.Rnp, Vgg vgg) => new RoutedVgg(vgg, config.Options.Groups),
        (RnpMethods.Rnr, CifarResNet resnet) => new RoutedResNet(resnet, config.Paths),
        _ => throw new ArgumentException($"--checkpoint {config.Checkpoint} holds a {net.Spec.Family}; --method {config.Method} routes " +
                                         (config.Method == RnpMethods.Rnp ? "a VGG (vgg16)" : "a CIFAR ResNet (resnet20/32/56/110)") + "."),
    };

    /// <summary>The dense baseline's own view of the test set (the reference for "are easy images cheaper?").</summary>
    public sealed record BaselineView(double Accuracy, int[] Predictions, double[] Confidence);

    static PrunableNet OrderedBackbone(RnpConfig config, ImageSet test, Device device, out BaselineView view)
    {
        var info = test.Info;
        var (baseline, _) = Checkpoint.Load(config.Checkpoint, device);
        using (baseline)
        {
            if (baseline.Spec.InChannels != info.Channels || baseline.Spec.ImageSize != info.Height)
                throw new ArgumentException($"--checkpoint {config.Checkpoint} holds a network for {baseline.Spec.InChannels}x{baseline.Spec.ImageSize} images; " +
                                            $"{info.Name} has {info.Channels}x{info.Height}.");
            // RNR never narrows the stage widths (tied by residual adds), so only the blocks' inner channels are sorted.
            var ordered = Surgery.Prune(baseline, FilterRanking.ImportanceOrder(baseline, coupled: config.Method == RnpMethods.Rnp));
            ordered.to(device);
            view = See(baseline, test, device);
            return ordered;
        }
    }

    static BaselineView See(PrunableNet model, ImageSet test, Device device)
    {
        model.eval();
        using var _ = no_grad();
        var predictions = new List<int>();
        var confidence = new List<double>();
        foreach (var (x, _) in new BatchLoader(test, 256, shuffle: false, augment: false, seed: 0).Epoch(0, device))
        {
            using var scope = NewDisposeScope();
            var p = model.call(x).softmax(1).max(1);
            predictions.AddRange(p.indexes.cpu().data<long>().Select(v => (int)v));
            confidence.AddRange(p.values.cpu().data<float>().Select(v => (double)v));
        }
        double accuracy = predictions.Zip(test.LabelArray).Count(q => q.First == q.Second) / (double)test.Count;
        return new BaselineView(accuracy, predictions.ToArray(), confidence.ToArray());
    }

    static RoutingRecord Record(IRoutedNetwork routed, RoutingEvaluation e, BaselineView baseline)
    {
        int n = e.Predictions.Length;
        var actions = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, routed.Steps).Select(s => (int)e.Actions[i, s]).ToArray()).ToArray();
        var labels = Enumerable.Range(0, routed.Steps).Select(s => Enumerable.Range(1, routed.Actions).Select(a => routed.Describe(s, a)).ToArray()).ToArray();
        return new RoutingRecord(actions, e.Flops, e.Predictions, e.Labels, baseline.Predictions, baseline.Confidence, labels);
    }

    public static RoutingRecord ReadRouting(string folder) =>
        JsonSerializer.Deserialize<RoutingRecord>(File.ReadAllText(Path.Combine(folder, RoutingFile)), AtomicFile.Json)
        ?? throw new CheckpointException(Path.Combine(folder, RoutingFile), "holds no routing record");

    static double[][] Shares(long[,] actions, int k)
    {
        int n = actions.GetLength(0), steps = actions.GetLength(1);
        return Enumerable.Range(0, steps).Select(s =>
        {
            var counts = new double[k];
            for (int i = 0; i < n; i++) counts[actions[i, s] - 1]++;
            return counts.Select(c => c / n).ToArray();
        }).ToArray();
    }


    static void SaveAgent(RoutingAgent agent, string path) =>
        AtomicFile.Write(path, s => { using var w = new BinaryWriter(s, Encoding.UTF8, leaveOpen: true); agent.save(w); });

    static void LoadAgent(RoutingAgent agent, string path)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "is missing (the agent of this routing run)");
        try
        {
            using var r = new BinaryReader(File.OpenRead(path));
            agent.load(r);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException(path, $"is not an agent for this network ({routedShape(agent)}): {e.Message}");
        }
        static string routedShape(RoutingAgent a) => $"{a.Steps} steps x {a.Actions} actions, {a.Cell}";
    }

    static void Clear(string folder)
    {
        foreach (var f in new[] { StateFile, BackboneFile, AgentFile, RoutingFile, ExperimentFolder.ResultFile })
            File.Delete(Path.Combine(folder, f));
        foreach (var d in Directory.GetDirectories(folder, "finetune-r*")) Directory.Delete(d, recursive: true);
    }
}
