using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// Experience replay of whole episodes (one image's trip through the network): the pooled features entering each
/// site, the actions (groups kept, 1..k) and the rewards. A ring buffer of fixed capacity on the CPU.
/// </summary>
public sealed class EpisodeReplay : IDisposable
{
    readonly Tensor[] _features;
    readonly Tensor _actions, _rewards;
    int _next;

    public EpisodeReplay(IReadOnlyList<int> inputChannels, int capacity)
    {
        Capacity = capacity;
        _features = inputChannels.Select(c => zeros(capacity, c).DetachFromDisposeScope()).ToArray();
        _actions = zeros(capacity, inputChannels.Count, dtype: ScalarType.Int64).DetachFromDisposeScope();
        _rewards = zeros(capacity, inputChannels.Count).DetachFromDisposeScope();
    }

    public int Capacity { get; }
    public int Count { get; private set; }

    public void Add(IReadOnlyList<Tensor> features, Tensor actions, Tensor rewards)
    {
        using var _ = NewDisposeScope();
        long n = actions.shape[0];
        var rows = (arange(n) + _next).remainder(Capacity);
        for (int i = 0; i < _features.Length; i++) _features[i].index_copy_(0, rows, features[i].detach().cpu());
        _actions.index_copy_(0, rows, actions.cpu());
        _rewards.index_copy_(0, rows, rewards.detach().cpu().to(ScalarType.Float32));
        _next = (int)((_next + n) % Capacity);
        Count = (int)Math.Min(Capacity, Count + n);
    }

    /// <summary>n episodes drawn uniformly (with replacement) from what is stored.</summary>
    public (Tensor[] Features, Tensor Actions, Tensor Rewards) Sample(int n, Generator generator, Device device)
    {
        if (Count == 0) throw new InvalidOperationException("the replay is empty.");
        var rows = randint(0, Count, [n], generator: generator, dtype: ScalarType.Int64);
        return (_features.Select(f => f.index_select(0, rows).to(device)).ToArray(),
            _actions.index_select(0, rows).to(device), _rewards.index_select(0, rows).to(device));
    }

    public void Dispose()
    {
        foreach (var f in _features) f.Dispose();
        _actions.Dispose();
        _rewards.Dispose();
    }
}
