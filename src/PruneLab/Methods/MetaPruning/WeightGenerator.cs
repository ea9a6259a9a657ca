using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Methods.MetaPruning;

/// <summary>
/// PruningNet's block for one conv: FC -> ReLU -> FC from the layer's encoding [output scale, input scale] to the
/// weights of the largest kernel (max out x max in x k x k). The kernel a sampled network uses is the crop [:out, :in].
/// </summary>
public sealed class WeightGenerator : nn.Module<Tensor, Tensor>
{
    readonly Linear fc1, fc2;
    readonly long[] _shape;

    public WeightGenerator(long maxOut, long maxIn, long kernel, int hidden) : base(nameof(WeightGenerator))
    {
        _shape = [maxOut, maxIn, kernel, kernel];
        fc1 = nn.Linear(2, hidden);
        fc2 = nn.Linear(hidden, maxOut * maxIn * kernel * kernel);
        // Start the generated kernels near Kaiming scale (fan-out, ReLU): the hidden ReLU units have a mean square of about
        // 0.13 for inputs in [0.1, 1] under the default init, so the output layer's std is chosen to give 2 / fan-out.
        using (no_grad())
        {
            double fanOut = maxOut * kernel * kernel;
            nn.init.normal_(fc2.weight, 0, Math.Sqrt(2 / fanOut / (hidden * 0.13)));
            fc2.bias!.zero_();
        }
        RegisterComponents();
    }

    /// <summary>The cropped kernel [outChannels, inChannels, k, k] for the given scales.</summary>
    public Tensor Generate(double outScale, double inScale, long outChannels, long inChannels)
    {
        var code = tensor(new[] { (float)outScale, (float)inScale }, device: fc1.weight.device).unsqueeze(0);
        return forward(code).view(_shape).narrow(0, 0, outChannels).narrow(1, 0, inChannels);
    }

    public override Tensor forward(Tensor code) => fc2.call(fc1.call(code).relu());
}
