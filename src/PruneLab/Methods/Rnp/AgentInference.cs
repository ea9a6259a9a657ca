using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// The trained agent's greedy decisions for one image at a time, evaluated in managed code from a snapshot of its
/// weights. At batch 1 the agent's math is tiny (tens of thousands of multiply-accumulates per layer), so libtorch's
/// per-operation overhead (about ten operations per decision) would cost more than the channels it saves; here a
/// decision is a few vectorised dot products. Gives the same actions as <see cref="RoutingAgent.Step"/> (tested).
/// </summary>
public sealed class AgentInference
{
    readonly Dense[] _encoders, _decoders;
    readonly Dense _input, _recurrent; // gate blocks stacked as libtorch does: GRU r|z|n, LSTM i|f|g|o
    readonly bool _lstm;
    readonly int _hidden, _actions;
    readonly float[] _h, _c, _e, _gi, _gh, _q;

    sealed record Dense(float[] Weight, float[] Bias, int Out, int In);

    public AgentInference(RoutingAgent agent)
    {
        var p = agent.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        Dense Read(string prefix, string weight = "weight", string bias = "bias")
        {
            var w = p[$"{prefix}.{weight}"];
            return new Dense(w.detach().cpu().contiguous().data<float>().ToArray(), p[$"{prefix}.{bias}"].detach().cpu().data<float>().ToArray(),
                (int)w.shape[0], (int)w.shape[1]);
        }
        _encoders = Enumerable.Range(0, agent.Steps).Select(i => Read($"encoders.{i}")).ToArray();
        _decoders = Enumerable.Range(0, agent.Steps).Select(i => Read($"decoders.{i}")).ToArray();
        _lstm = agent.Cell == "lstm";
        var cell = _lstm ? "lstm" : "gru";
        _input = Read(cell, "weight_ih", "bias_ih");
        _recurrent = Read(cell, "weight_hh", "bias_hh");
        _hidden = _recurrent.In;
        _actions = agent.Actions;
        (_h, _c, _e) = (new float[_hidden], new float[_hidden], new float[_encoders[0].Out]);
        (_gi, _gh, _q) = (new float[_input.Out], new float[_recurrent.Out], new float[_actions]);
    }

    /// <summary>Starts a new image (zero recurrent state).</summary>
    public void Reset()
    {
        Array.Clear(_h);
        Array.Clear(_c);
    }

    /// <summary>The Q-values of the last <see cref="Decide"/>.</summary>
    public ReadOnlySpan<float> Q => _q;

    /// <summary>
    /// The greedy action (1..k) at a step from the pooled features entering it; <paramref name="pooled"/> may hold only
    /// the first channels (a sliced pass), the rest being zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // optimised from the first call: a latency run must not time tier-0 code
    public int Decide(int step, ReadOnlySpan<float> pooled)
    {
        Apply(_encoders[step], pooled, _e);
        for (int i = 0; i < _e.Length; i++) _e[i] = MathF.Max(0, _e[i]);
        Apply(_input, _e, _gi);
        Apply(_recurrent, _h, _gh);
        int n = _hidden;
        if (_lstm)
            for (int j = 0; j < n; j++)
            {
                float i = Sigmoid(_gi[j] + _gh[j]), f = Sigmoid(_gi[n + j] + _gh[n + j]);
                float g = MathF.Tanh(_gi[2 * n + j] + _gh[2 * n + j]), o = Sigmoid(_gi[3 * n + j] + _gh[3 * n + j]);
                _c[j] = f * _c[j] + i * g;
                _h[j] = o * MathF.Tanh(_c[j]);
            }
        else
            for (int j = 0; j < n; j++)
            {
                float r = Sigmoid(_gi[j] + _gh[j]), z = Sigmoid(_gi[n + j] + _gh[n + j]);
                float candidate = MathF.Tanh(_gi[2 * n + j] + r * _gh[2 * n + j]);
                _h[j] = (1 - z) * candidate + z * _h[j];
            }
        Apply(_decoders[step], _h, _q);
        int best = 0;
        for (int a = 1; a < _q.Length; a++) if (_q[a] > _q[best]) best = a;
        return best + 1;
    }

    /// <summary>The greedy action from a feature map [1, C, H, W]: pooled by libtorch, decided here.</summary>
    public int Decide(int step, Tensor features)
    {
        using var pooled = features.mean([2, 3]);
        return Decide(step, MemoryMarshal.Cast<byte, float>(pooled.bytes)); // one copy of C floats, no per-element access
    }

    static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));

    /// <summary>y = W[:, :x.Length] x + b, rows of W being <see cref="Dense.In"/> long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Apply(Dense layer, ReadOnlySpan<float> x, Span<float> y)
    {
        for (int r = 0; r < layer.Out; r++)
            y[r] = layer.Bias[r] + Dot(layer.Weight.AsSpan(r * layer.In, x.Length), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        var sum = Vector<float>.Zero;
        for (int i = 0; i < va.Length; i++) sum += va[i] * vb[i];
        float total = Vector.Dot(sum, Vector<float>.One);
        for (int i = va.Length * Vector<float>.Count; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }
}
