using System.Diagnostics;
using PruneLab.Data;
using PruneLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>One phase of the alternation, as the training curves show it.</summary>
public sealed record RnpPhase(int Round, string Phase, double MeanReward, double QLoss, double Accuracy, double MeanFlops, double Seconds);

/// <summary>Greedy routing of a whole set: accuracy, mean FLOPs (agent included) and every image's actions.</summary>
public sealed record RoutingEvaluation(double Accuracy, double MeanFlops, long[,] Actions, double[] Flops, int[] Predictions, long[] Labels);

/// <summary>
/// RNP's schedule from a trained backbone: for each round, (a) deep Q-learning of the agent with the backbone fixed
/// (epsilon-greedy episodes into replay, Q-targets from a target agent), then (b) fine-tuning the backbone under the
/// agent's greedy decisions with the task loss.
/// </summary>
public sealed class RnpTrainer(IRoutedNetwork routed, RoutingAgent agent, RnpOptions options, Device device)
{
    public double Alpha { get; private set; }

    public IReadOnlyList<RnpPhase> Train(ImageSet train, ImageSet test, Action<RnpPhase>? progress = null)
    {
        options.Validate();
        routed.Network.to(device);
        agent.to(device);
        manual_seed(options.Seed);
        var generator = new Generator((ulong)options.Seed + 17, device);
        Alpha = options.Alpha ?? 1 / RandomRoutingLoss(train, generator);
        using var target = new RoutingAgent(Inputs(), agent.Actions, options.Encoding, options.Hidden, options.Cell);
        target.to(device);
        target.load_state_dict(agent.state_dict());
        using var replay = new EpisodeReplay(Inputs(), options.ReplayCapacity);
        using var agentOptimizer = optim.Adam(agent.parameters(), options.AgentLearningRate);
        var phases = new List<RnpPhase>();
        int updates = 0;
        for (int round = 1; round <= options.Rounds; round++)
        {
            // (a) the agent learns; the backbone is fixed (eval mode: an image's routing never depends on its batch).
            var clock = Stopwatch.StartNew();
            routed.Network.eval();
            double rewardSum = 0, lossSum = 0;
            int batches = 0;
            var loader = new BatchLoader(train, options.BatchSize, shuffle: true, augment: false, seed: options.Seed * 31 + round);
            while (batches < options.AgentBatches)
                foreach (var (x, y) in loader.Epoch(batches, device))
                {
                    if (batches >= options.AgentBatches) break;
                    using var scope = NewDisposeScope();
                    double epsilon = options.EpsilonStart + (options.EpsilonEnd - options.EpsilonStart) * Math.Min(1.0, (double)batches / options.EpsilonBatches);
                    Rollout rollout;
                    using (no_grad()) rollout = RoutingRollout.Run(routed, agent, x, epsilon, generator);
                    var taskLoss = nn.functional.cross_entropy(rollout.Logits, y, reduction: nn.Reduction.None);
                    var rewards = RoutingRollout.Rewards(rollout.Actions, taskLoss, options.Penalty, Alpha);
                    replay.Add(rollout.Features, rollout.Actions, rewards);
                    rewardSum += rewards.sum(1).mean().item<float>();
                    for (int u = 0; u < options.UpdatesPerBatch; u++)
                    {
                        lossSum += QUpdate(replay, target, agentOptimizer, generator) / options.UpdatesPerBatch;
                        if (++updates % options.TargetSync == 0) target.load_state_dict(agent.state_dict());
                    }
                    batches++;
                }
            var (accuracy, flops) = Summary(Evaluate(test));
            phases.Add(new RnpPhase(round, "agent", rewardSum / batches, lossSum / batches, accuracy, flops, clock.Elapsed.TotalSeconds));
            progress?.Invoke(phases[^1]);

            // (b) the backbone adapts to the agent's greedy routing.
            clock.Restart();
            FineTune(train, round);
            (accuracy, flops) = Summary(Evaluate(test));
            phases.Add(new RnpPhase(round, "backbone", double.NaN, double.NaN, accuracy, flops, clock.Elapsed.TotalSeconds));
            progress?.Invoke(phases[^1]);
        }
        return phases;
    }

    /// <summary>Greedy routing of every image of a set (batched masked path, eval mode).</summary>
    public RoutingEvaluation Evaluate(ImageSet set)
    {
        routed.Network.eval();
        agent.eval();
        using var _ = no_grad();
        var loader = new BatchLoader(set, 256, shuffle: false, augment: false, seed: 0);
        var actions = new long[set.Count, routed.Steps];
        var flops = new List<double>();
        var predictions = new List<int>();
        int row = 0;
        foreach (var (x, _) in loader.Epoch(0, device))
        {
            using var scope = NewDisposeScope();
            var r = RoutingRollout.Run(routed, agent, x);
            var a = r.Actions.cpu().data<long>().ToArray();
            for (int i = 0; i < a.Length; i++) actions[row + i / routed.Steps, i % routed.Steps] = a[i];
            row += (int)x.shape[0];
            flops.AddRange(RoutingRollout.Flops(routed, agent, r.Actions));
            predictions.AddRange(r.Logits.argmax(1).cpu().data<long>().Select(v => (int)v));
        }
        double accuracy = predictions.Zip(set.LabelArray).Count(p => p.First == p.Second) / (double)set.Count;
        return new RoutingEvaluation(accuracy, flops.Average(), actions, flops.ToArray(), predictions.ToArray(), set.LabelArray);
    }

    double QUpdate(EpisodeReplay replay, RoutingAgent target, optim.Optimizer optimizer, Generator generator)
    {
        agent.train();
        var (features, actions, rewards) = replay.Sample(options.ReplayBatch, generator, device);
        var q = agent.Sequence(features).gather(2, (actions - 1).unsqueeze(2)).squeeze(2);
        Tensor y;
        using (no_grad())
        {
            var next = target.Sequence(features).max(2).values;
            var following = cat([next.narrow(1, 1, next.shape[1] - 1), zeros(next.shape[0], 1, device: device)], 1); // terminal after the last layer
            y = rewards + options.Discount * following;
        }
        var loss = nn.functional.smooth_l1_loss(q, y);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    void FineTune(ImageSet train, int round)
    {
        var o = options.FineTune;
        using var optimizer = optim.SGD(routed.Network.parameters(), o.LearningRate, o.Momentum, weight_decay: o.WeightDecay);
        var loader = new BatchLoader(train, o.BatchSize, shuffle: true, augment: train.Info.Augment, seed: o.Seed * 131 + round);
        agent.eval();
        for (int epoch = 0; epoch < o.Epochs; epoch++)
            foreach (var (x, y) in loader.Epoch(epoch, device))
            {
                using var scope = NewDisposeScope();
                routed.Network.train();
                Tensor actions;
                using (no_grad())
                {
                    routed.Network.eval(); // decide as at inference...
                    actions = RoutingRollout.Run(routed, agent, x).Actions;
                    routed.Network.train(); // ...then train the backbone under those decisions
                }
                var loss = nn.functional.cross_entropy(routed.Masked(x, actions), y);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        routed.Invalidate();
    }

    /// <summary>
    /// The mean task loss of the episodes the agent starts from (uniformly random routing): alpha = 1 / this makes
    /// alpha * L_cls about 1 on them (the paper's reported normalisation). Normalising by the full network's loss
    /// instead made exploration rewards about -50, beyond what the Q-network could fit in a quick run's updates.
    /// </summary>
    double RandomRoutingLoss(ImageSet train, Generator generator)
    {
        routed.Network.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var loader = new BatchLoader(train, 256, shuffle: true, augment: false, seed: options.Seed);
        double sum = 0;
        int n = 0;
        foreach (var (x, y) in loader.Epoch(0, device).Take(4))
        {
            sum += nn.functional.cross_entropy(RoutingRollout.Run(routed, agent, x, epsilon: 1, generator).Logits, y).item<float>();
            n++;
        }
        return sum / n;
    }

    IReadOnlyList<int> Inputs() => routed.InputChannels;

    static (double Accuracy, double Flops) Summary(RoutingEvaluation e) => (e.Accuracy, e.MeanFlops);
}

/// <summary>The agent a routed network needs.</summary>
public static class RnpNetwork
{
    public static RoutingAgent Agent(IRoutedNetwork routed, RnpOptions options) =>
        new(routed.InputChannels, routed.Actions, options.Encoding, options.Hidden, options.Cell);
}
