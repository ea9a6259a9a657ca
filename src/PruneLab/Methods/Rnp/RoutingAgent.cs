using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>The recurrent state the agent carries from layer to layer (C only for an LSTM).</summary>
public readonly record struct AgentState(Tensor H, Tensor? C);

/// <summary>
/// RNP's decision network: for each routed site an encoder (FC from the global-average-pooled feature map entering the
/// layer to a fixed length), one recurrent cell shared by all layers (GRU or LSTM) carrying the decisions so far, and
/// a decoder per site giving the k Q-values. The agent's own multiply-accumulates are counted by <see cref="Macs"/>.
/// </summary>
public sealed class RoutingAgent : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<Linear> encoders, decoders;
    readonly GRUCell? gru;
    readonly LSTMCell? lstm;
    readonly int[] _inputs;
    readonly int _encoding, _hidden, _actions;

    /// <param name="inputChannels">Channels of the feature map entering each routed site (the image's at the first).</param>
    public RoutingAgent(IReadOnlyList<int> inputChannels, int actions, int encoding = 64, int hidden = 64, string cell = "gru")
        : base(nameof(RoutingAgent))
    {
        if (cell is not ("gru" or "lstm")) throw new ArgumentException($"--cell '{cell}': expected gru or lstm.");
        if (encoding < 1 || hidden < 1) throw new ArgumentException("--encoding and --hidden must be at least 1.");
        (_inputs, _encoding, _hidden, _actions) = (inputChannels.ToArray(), encoding, hidden, actions);
        encoders = nn.ModuleList(_inputs.Select(c => nn.Linear(c, encoding)).ToArray());
        decoders = nn.ModuleList(_inputs.Select(_ => nn.Linear(hidden, actions)).ToArray());
        if (cell == "gru") gru = nn.GRUCell(encoding, hidden); else lstm = nn.LSTMCell(encoding, hidden);
        RegisterComponents();
    }

    public int Steps => _inputs.Length;
    public int Actions => _actions;
    public string Cell => gru is not null ? "gru" : "lstm";

    /// <summary>
    /// Biases every decoder so the untrained agent's greedy choice is the full computation, by
    /// <paramref name="margin"/> per step of the action scale: exploration then starts around the trained full network
    /// the backbone is, instead of around arbitrary routing that a fragile backbone cannot survive.
    /// </summary>
    public void PreferFull(double margin)
    {
        using var _ = no_grad();
        var ramp = arange(_actions, dtype: ScalarType.Float32) * (float)margin;
        foreach (var d in decoders) d.bias!.copy_(ramp - ramp.max());
    }

    public AgentState Start(long images, Device device) =>
        new(zeros(images, _hidden, device: device), lstm is null ? null : zeros(images, _hidden, device: device));

    /// <summary>
    /// One decision: the Q-values [N, k] of the site from the pooled features [N, C] entering it. Pooled features of a
    /// sliced pass hold only the kept channels; the encoder then reads only its matching columns (the rest were zero).
    /// </summary>
    public (Tensor Q, AgentState Next) Step(int site, Tensor pooled, AgentState state)
    {
        var encoder = encoders[site];
        var weight = pooled.shape[1] < encoder.weight.shape[1] ? encoder.weight.narrow(1, 0, pooled.shape[1]) : encoder.weight;
        var e = nn.functional.linear(pooled, weight, encoder.bias).relu();
        AgentState next;
        if (gru is not null) next = new AgentState(gru.call(e, state.H), null);
        else
        {
            var (h, c) = lstm!.call(e, (state.H, state.C!));
            next = new AgentState(h, c);
        }
        return (decoders[site].call(next.H), next);
    }

    /// <summary>Q-values of whole stored episodes: pooled features per step ([N, C_i] each) -> [N, steps, k].</summary>
    public Tensor Sequence(IReadOnlyList<Tensor> pooled)
    {
        var state = Start(pooled[0].shape[0], pooled[0].device);
        var q = new Tensor[pooled.Count];
        for (int i = 0; i < pooled.Count; i++) (q[i], state) = Step(i, pooled[i], state);
        return stack(q, 1);
    }

    public override Tensor forward(Tensor pooled) => throw new NotSupportedException("use Step or Sequence: the agent decides one layer at a time.");

    /// <summary>The agent's multiply-accumulates for one image at one site (encoder, recurrent cell, decoder).</summary>
    public long Macs(int site) =>
        (long)_inputs[site] * _encoding + (gru is not null ? 3L : 4L) * (_encoding + _hidden) * _hidden + (long)_hidden * _actions;
}
