using System.Diagnostics;
using PruneLab.Data;
using PruneLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// One phase of the alternation, as the training curves show it: test accuracy and mean FLOPs under greedy routing
/// after it; for agent phases also the mean episode reward and Q-loss, overall and per batch of episodes.
/// </summary>
public sealed record RnpPhase(int Round, string Phase, double? MeanReward, double? QLoss, double Accuracy, double MeanFlops, double Seconds,
    IReadOnlyList<double>? BatchRewards = null, IReadOnlyList<double>? BatchQLoss = null);

/// <summary>Greedy routing of a whole set: accuracy, mean FLOPs (agent included) and every image's actions.</summary>
public sealed record RoutingEvaluation(double Accuracy, double Loss, double MeanFlops, long[,] Actions, double[] Flops, int[] Predictions, long[] Labels);

/// <summary>
/// RNP's two alternating phases on a trained, importance-ordered backbone. (a) <see cref="TrainAgent"/>: deep
/// Q-learning with the backbone fixed: epsilon-greedy episodes, rewarded by <see cref="RnpOptions.Reward"/>, into a
/// replay, Q-targets from a target agent synced every few updates. (b) <see cref="FineTune"/>: the backbone trained with the task loss under the agent's greedy
/// decisions, through the shared <see cref="Trainer"/>. Each phase's randomness comes from (seed, round), so a run cut
/// between phases and resumed repeats.
/// </summary>
public sealed class RnpTrainer(IRoutedNetwork routed, RoutingAgent agent, RnpOptions options, Device device)
{
    double[]? _stepCost; // each step's relative group cost, fixed by the architecture

    /// <summary>The greedy routing of the test set after the latest phase this trainer ran (null before any), so a run's final routing needs no second pass.</summary>
    public RoutingEvaluation? LatestEvaluation { get; private set; }

    /// <summary>
    /// alpha = 1 / the mean task loss of the episodes the agent starts from (its initial epsilon-greedy routing at
    /// <see cref="RnpOptions.EpsilonStart"/>), so alpha * L_cls is about 1 on them: the paper's reported normalisation.
    /// With epsilon 1.0 these are uniformly random routings; with the quick profile's 0.1 around an agent that first
    /// keeps every group, mostly the full network. A fixed <see cref="RnpOptions.Alpha"/> skips the measurement.
    /// </summary>
    public double CalibrateAlpha(ImageSet train)
    {
        if (options.Alpha is { } fixedAlpha) return fixedAlpha;
        routed.Network.to(device).eval();
        agent.to(device);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)options.Seed + 17, device);
        var loader = new BatchLoader(train, 256, shuffle: true, augment: false, seed: options.Seed);
        double sum = 0;
        int n = 0;
        foreach (var (x, y) in loader.Epoch(0, device).Take(4))
        {
            sum += nn.functional.cross_entropy(RoutingRollout.Run(routed, agent, x, options.EpsilonStart, generator).Logits, y).item<float>();
            n++;
        }
        return n / sum;
    }

    /// <summary>Phase (a) of round <paramref name="round"/>: the agent learns, the backbone is fixed (eval mode, so an image's routing never depends on its batch).</summary>
    public RnpPhase TrainAgent(ImageSet train, ImageSet test, int round, double alpha, Action<int, double>? batchDone = null)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        routed.Network.to(device).eval();
        agent.to(device);
        manual_seed(options.Seed * 1_009L + round);
        var generator = new Generator((ulong)(options.Seed * 1_013L + round), device);
        using var target = new RoutingAgent(routed.InputChannels, agent.Actions, options.Encoding, options.Hidden, options.Cell);
        target.to(device);
        target.load_state_dict(agent.state_dict());
        using var replay = new EpisodeReplay(routed.InputChannels, options.ReplayCapacity);
        using var optimizer = optim.Adam(agent.parameters(), options.AgentLearningRate);
        var batchRewards = new List<double>();
        var batchLoss = new List<double>();
        int batches = 0, updates = 0;
        var loader = new BatchLoader(train, options.BatchSize, shuffle: true, augment: false, seed: options.Seed * 31 + round);
        for (int pass = 0; batches < options.AgentBatches; pass++)
            foreach (var (x, y) in loader.Epoch(pass, device))
            {
                if (batches >= options.AgentBatches) break;
                using var scope = NewDisposeScope();
                double epsilon = options.EpsilonStart + (options.EpsilonEnd - options.EpsilonStart) * Math.Min(1.0, (double)batches / options.EpsilonBatches);
                Rollout rollout;
                using (no_grad()) rollout = RoutingRollout.Run(routed, agent, x, epsilon, generator);
                var rewards = Rewards(rollout, y, alpha);
                replay.Add(rollout.Features, rollout.Actions, rewards);
                double reward = rewards.sum(1).mean().item<float>(), loss = 0;
                for (int u = 0; u < options.UpdatesPerBatch; u++)
                {
                    loss += QUpdate(replay, target, optimizer, generator) / options.UpdatesPerBatch;
                    if (++updates % options.TargetSync == 0) target.load_state_dict(agent.state_dict());
                }
                if (!double.IsFinite(loss))
                    throw new NonFiniteLossException(round, batches + 1, (float)loss, null);
                batchRewards.Add(reward);
                batchLoss.Add(loss);
                batches++;
                batchDone?.Invoke(batches, reward);
            }
        var e = LatestEvaluation = Evaluate(test);
        return new RnpPhase(round, "agent", batchRewards.Average(), batchLoss.Average(), e.Accuracy, e.MeanFlops, clock.Elapsed.TotalSeconds,
            batchRewards, batchLoss);
    }

    /// <summary>
    /// Phase (b): the backbone trained under the agent's greedy routing (decided as at inference, in eval mode, then
    /// applied to the training-mode forward pass). Writes its epochs to <paramref name="folder"/> and resumes there.
    /// </summary>
    public RnpPhase FineTune(ImageSet train, ImageSet test, int round, string? folder = null, ITrainingProgress? progress = null)
    {
        var clock = Stopwatch.StartNew();
        agent.to(device).eval();
        var net = routed.Network;
        RoutingEvaluation? last = null;
        var trainer = new Trainer(net, options.FineTune with { Seed = options.FineTune.Seed * 7_919 + round }, device)
        {
            Forward = x =>
            {
                Tensor actions;
                using (no_grad())
                {
                    net.eval();
                    actions = RoutingRollout.Run(routed, agent, x).Actions;
                    net.train();
                }
                return routed.Masked(x, actions);
            },
            Evaluate = set =>
            {
                routed.Invalidate();
                last = Evaluate(set);
                return (last.Loss, last.Accuracy);
            },
        };
        trainer.Run(train, test, folder, progress, resume: folder is not null);
        routed.Invalidate();
        var e = LatestEvaluation = last ?? Evaluate(test); // the last epoch's routing of the test set, unless every epoch was already done
        return new RnpPhase(round, "backbone", null, null, e.Accuracy, e.MeanFlops, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Greedy routing of every image of a set (batched masked path, eval mode).</summary>
    public RoutingEvaluation Evaluate(ImageSet set)
    {
        routed.Network.to(device).eval();
        agent.to(device).eval();
        using var _ = no_grad();
        var loader = new BatchLoader(set, 256, shuffle: false, augment: false, seed: 0);
        var actions = new long[set.Count, routed.Steps];
        var flops = new List<double>();
        var predictions = new List<int>();
        int row = 0;
        double lossSum = 0;
        foreach (var (x, y) in loader.Epoch(0, device))
        {
            using var scope = NewDisposeScope();
            var r = RoutingRollout.Run(routed, agent, x);
            var a = r.Actions.cpu().data<long>().ToArray();
            for (int i = 0; i < a.Length; i++) actions[row + i / routed.Steps, i % routed.Steps] = a[i];
            row += (int)x.shape[0];
            flops.AddRange(RoutingRollout.Flops(routed, agent, r.Actions));
            lossSum += nn.functional.cross_entropy(r.Logits, y, reduction: nn.Reduction.Sum).item<float>();
            predictions.AddRange(r.Logits.argmax(1).cpu().data<long>().Select(v => (int)v));
        }
        double accuracy = predictions.Zip(set.LabelArray).Count(p => p.First == p.Second) / (double)set.Count;
        return new RoutingEvaluation(accuracy, lossSum / set.Count, flops.Average(), actions, flops.ToArray(), predictions.ToArray(), set.LabelArray);
    }

    /// <summary>The reward rule of <see cref="RnpOptions.Reward"/> on a batch of episodes, its answer checked for shape.</summary>
    public Tensor Rewards(Rollout rollout, Tensor labels, double alpha)
    {
        _stepCost ??= RewardInputs.RelativeStepCost(routed); // fixed by the architecture: once, not per batch
        Tensor rewards;
        using (no_grad()) rewards = options.Reward(RewardInputs.Of(routed, rollout, labels, options.Penalty, alpha, _stepCost));
        if (rewards is null || !rewards.shape.SequenceEqual(rollout.Actions.shape))
            throw new ArgumentException($"the reward rule{(options.RewardAblation is { } a ? $" '{a.Name}'" : "")} returned {(rewards is null ? "null" : $"[{string.Join(", ", rewards.shape)}]")}; " +
                                        $"expected one reward per episode and step, [{string.Join(", ", rollout.Actions.shape)}].");
        return rewards.to(ScalarType.Float32);
    }

    /// <summary>Each step's discounted return over the rest of its episode, G_i = r_i + gamma * G_(i+1) ([N, steps]).</summary>
    public static Tensor Returns(Tensor rewards, double discount)
    {
        var steps = rewards.unbind(1);
        var g = new Tensor[steps.Length];
        Tensor? after = null;
        for (int i = steps.Length - 1; i >= 0; i--) after = g[i] = after is null ? steps[i] : steps[i] + discount * after;
        return stack(g, 1);
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
            var following = cat([next.narrow(1, 1, next.shape[1] - 1), zeros(next.shape[0], 1, device: device)], 1); // terminal after the last step
            y = rewards + options.Discount * following;
            if (options.MonteCarloMix > 0) y = (1 - options.MonteCarloMix) * y + options.MonteCarloMix * Returns(rewards, options.Discount);
        }
        var loss = nn.functional.smooth_l1_loss(q, y);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}

/// <summary>The agent a routed network needs.</summary>
public static class RnpNetwork
{
    public static RoutingAgent Agent(IRoutedNetwork routed, RnpOptions options)
    {
        var agent = new RoutingAgent(routed.InputChannels, routed.Actions, options.Encoding, options.Hidden, options.Cell);
        if (options.FullPrior > 0) agent.PreferFull(options.FullPrior);
        return agent;
    }
}
