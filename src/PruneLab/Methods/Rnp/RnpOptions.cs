using System.Text.Json.Serialization;
using PruneLab.Training;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// Runtime Neural Pruning's settings. No official code exists; the values marked "reported" in the paper summary are
/// defaults here, everything is an option: k groups, the per-step penalty p (< 0), alpha (auto: alpha * L_cls starts
/// near 1), discount, epsilon annealing, replay, target network, rounds.
/// </summary>
public sealed record RnpOptions
{
    public int Groups { get; init; } = 4;
    public double Penalty { get; init; } = -0.005;
    /// <summary>A reader's reward rule in place of the paper's (null: <see cref="RewardRules.Paper"/>). Its code is not saved; its stamp is.</summary>
    [JsonIgnore]
    public Ablation<RewardRule>? RewardAblation { get; init; }
    /// <summary>
    /// What config.json records of <see cref="RewardAblation"/>: its name and hashes of its source and of the kit build,
    /// so a run folder made with other code never matches and is re-run. Absent for the paper's reward.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AblationStamp? RewardStamp => RewardAblation?.Stamp;
    /// <summary>The reward the agent learns from: the ablation's, else the paper's.</summary>
    [JsonIgnore]
    public RewardRule Reward => RewardAblation?.Code ?? RewardRules.Paper;
    /// <summary>Scale of the final step's -alpha * L_cls; null: 1 / the mean loss of the agent's first exploration episodes, so alpha * L_cls starts near 1 (reported normalisation; see <see cref="RnpTrainer.CalibrateAlpha"/>).</summary>
    public double? Alpha { get; init; }
    public double Discount { get; init; } = 0.99;
    public double EpsilonStart { get; init; } = 1.0;
    public double EpsilonEnd { get; init; } = 0.1;
    /// <summary>Agent batches over which epsilon anneals linearly (within each round).</summary>
    public int EpsilonBatches { get; init; } = 150;
    public int ReplayCapacity { get; init; } = 20_000;
    public int ReplayBatch { get; init; } = 128;
    /// <summary>Q-learning updates per collected batch of episodes.</summary>
    public int UpdatesPerBatch { get; init; } = 4;
    /// <summary>Q-updates between copies of the online agent into the target agent.</summary>
    public int TargetSync { get; init; } = 50;
    public double AgentLearningRate { get; init; } = 1e-3;
    /// <summary>
    /// Share beta of the episode's own discounted return in the Q-target (mixed Monte Carlo):
    /// y = (1 - beta) * (r + gamma * max Q_target) + beta * G. 0 is plain one-step Q-learning, as reported. With the
    /// per-step penalty paid at once and the task loss only at the last step, one-step targets teach early layers that
    /// pruning is free long before the loss propagates back through 13 bootstraps; a short run then collapses to one group
    /// everywhere (measured). The return carries the loss to every step at once.
    /// </summary>
    public double MonteCarloMix { get; init; }
    public string Cell { get; init; } = "gru";
    /// <summary>Per-action margin of the decoders' initial bias toward the full action (0: none); see <see cref="RoutingAgent.PreferFull"/>.</summary>
    public double FullPrior { get; init; }
    public int Encoding { get; init; } = 64;
    public int Hidden { get; init; } = 64;
    /// <summary>Alternations of (a) agent training with the backbone fixed and (b) backbone fine-tuning under greedy routing.</summary>
    public int Rounds { get; init; } = 2;
    public int AgentBatches { get; init; } = 200;
    public int BatchSize { get; init; } = 128;
    public TrainingOptions FineTune { get; init; } = new() { Epochs = 1, BatchSize = 128, LearningRate = 1e-3, Schedule = "constant", WeightDecay = 1e-4 };
    public int Seed { get; init; }

    public void Validate()
    {
        Require(Groups >= 1, "--groups must be at least 1");
        Require(Cell is "gru" or "lstm", $"--cell '{Cell}': expected gru or lstm");
        Require(Encoding >= 1 && Hidden >= 1, "--encoding and --hidden must be at least 1");
        Require(Penalty < 0 && double.IsFinite(Penalty), "--penalty must be negative (a cost per extra group)");
        Require(Alpha is null or > 0, "--alpha must be positive");
        Require(Discount is > 0 and <= 1, "--discount must be in (0, 1]");
        Require(MonteCarloMix is >= 0 and <= 1, "--mc-mix must be in [0, 1]");
        Require(FullPrior >= 0 && double.IsFinite(FullPrior), "--full-prior must be 0 or more");
        Require(EpsilonStart is >= 0 and <= 1 && EpsilonEnd is >= 0 and <= 1, "epsilon must lie in [0, 1]");
        Require(EpsilonBatches >= 1 && ReplayCapacity >= ReplayBatch && ReplayBatch >= 1 && TargetSync >= 1, "replay and target settings must be positive (capacity >= batch)");
        Require(Rounds >= 1 && AgentBatches >= 1 && BatchSize >= 1, "--rounds, --agent-batches and --batch-size must be at least 1");
        FineTune.Validate();
    }

    static void Require(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}
