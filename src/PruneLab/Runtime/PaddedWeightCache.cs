using static TorchSharp.torch;

namespace PruneLab.Runtime;

/// <summary>
/// One module's weights padded for <see cref="ConvolutionGuard"/>, made once and reused while the weights stay the
/// same, so inference on a padded geometry does not copy its weights on every call. "The same" is the same tensor
/// objects, handles and libtorch version counters: any in-place change (an optimizer step, <c>copy_</c> under no_grad,
/// load_state_dict) bumps the counter, and <c>.to(device)</c> or a new parameter brings new tensors. Only for calls
/// that need no gradient (the cached copy is detached). Without the version counter nothing is cached.
/// </summary>
internal sealed class PaddedWeightCache : IDisposable
{
    readonly object _gate = new();
    Source? _source;
    (Tensor Weight, Tensor? Bias)? _padded;

    /// <summary>How many times the padded weights were made (for tests).</summary>
    internal int Builds { get; private set; }

    /// <summary>The padded weights, owned by this cache (callers must not dispose them).</summary>
    public (Tensor Weight, Tensor? Bias) Get(Tensor weight, Tensor? bias, ConvGeometry from, ConvGeometry to)
    {
        if (TensorVersion.Of(weight) is not { } weightVersion) return ChannelPadding.Weights(weight.detach(), bias?.detach(), from, to);
        // Batch and map size do not change the padded weights; the channel counts and groups do.
        var source = new Source(weight, weight.Handle, weightVersion, bias, bias is null ? 0 : TensorVersion.Of(bias) ?? 0,
            to with { Batch = 0, Height = 0, Width = 0 });
        lock (_gate)
        {
            if (_padded is not { } padded || _source is not { } cached || !cached.Matches(source))
            {
                Release();
                using (no_grad())
                {
                    var (w, b) = ChannelPadding.Weights(weight.detach(), bias?.detach(), from, to);
                    padded = (w.DetachFromDisposeScope(), b?.DetachFromDisposeScope());
                }
                (_padded, _source) = (padded, source);
                Builds++;
            }
            return padded;
        }
    }

    sealed record Source(Tensor Weight, IntPtr WeightHandle, long WeightVersion, Tensor? Bias, long BiasVersion, ConvGeometry Target)
    {
        public bool Matches(Source other) =>
            ReferenceEquals(Weight, other.Weight) && ReferenceEquals(Bias, other.Bias) && WeightHandle == other.WeightHandle
            && WeightVersion == other.WeightVersion && BiasVersion == other.BiasVersion && Target == other.Target;
    }

    void Release()
    {
        if (_padded is { } p)
        {
            p.Weight.Dispose();
            p.Bias?.Dispose();
        }
        (_padded, _source) = (null, null);
    }

    public void Dispose()
    {
        lock (_gate) Release();
    }
}
