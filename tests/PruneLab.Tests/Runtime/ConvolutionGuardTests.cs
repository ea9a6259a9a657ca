using PruneLab.Models;
using PruneLab.Runtime;
using static TorchSharp.torch;

namespace PruneLab.Tests.Runtime;

public sealed class ConvolutionGuardTests : IDisposable
{
    // Each test checks geometries into a fresh cache file: what this machine's cache holds must not decide a test.
    readonly TemporaryVerdictCache _verdicts = new();

    public void Dispose() => _verdicts.Dispose();

    // On some machines oneDNN got every one of these wrong (forward, input gradient, or both, sometimes NaN); through
    // the guard each must match a float64 reference, wherever the tests run.
    [Theory]
    [InlineData(24, 24, 3, 1, 1)]
    [InlineData(17, 32, 3, 1, 1)]
    [InlineData(16, 8, 3, 1, 1)]
    [InlineData(8, 8, 3, 1, 1)]
    [InlineData(3, 5, 3, 1, 1)]
    [InlineData(48, 16, 3, 2, 1)]
    [InlineData(64, 64, 3, 1, 1)]
    [InlineData(40, 40, 3, 1, 40)]
    [InlineData(20, 23, 1, 1, 1)]
    public void Should_Match_A_Float64_Reference_Forward_And_Backward(int cin, int cout, int kernel, int stride, int groups)
    {
        manual_seed(3);
        using var conv = new ConvLayer(cin, cout, kernel, stride, groups, bias: true);
        nn.init.normal_(conv.weight, 0, 0.2);
        nn.init.normal_(conv.bias!, 0, 0.2);
        var input = randn(32, cin, 16, 16);
        var upstream = randn(32, cout, (16 + 2 * (kernel / 2) - kernel) / stride + 1, (16 + 2 * (kernel / 2) - kernel) / stride + 1);

        var x64 = input.to_type(ScalarType.Float64).requires_grad_(true);
        var w64 = conv.weight.detach().to_type(ScalarType.Float64).requires_grad_(true);
        var b64 = conv.bias!.detach().to_type(ScalarType.Float64).requires_grad_(true);
        var y64 = nn.functional.conv2d(x64, w64, b64, strides: [stride, stride], padding: [kernel / 2, kernel / 2], groups: groups);
        var reference = autograd.grad([y64], [x64, w64, b64], [upstream.to_type(ScalarType.Float64)]);

        for (int run = 0; run < 3; run++)
        {
            conv.zero_grad();
            var x = input.clone().requires_grad_(true);
            var y = conv.call(x);
            (y * upstream).sum().backward();
            AssertClose(y64, y, "output");
            AssertClose(reference[0], x.grad!, "input gradient");
            AssertClose(reference[1], conv.weight.grad!, "weight gradient");
            AssertClose(reference[2], conv.bias!.grad!, "bias gradient");
        }
    }

    [Fact]
    public void Should_Name_Its_Parameters_As_Conv2d_Does()
    {
        using var conv = new ConvLayer(4, 6, 3, bias: true);
        Assert.Equal(["weight", "bias"], conv.named_parameters().Select(p => p.name));
        Assert.Equal([6L, 4, 3, 3], conv.weight.shape);
    }

    // A failing forward verdict (injected: this machine's oneDNN may be right) must send the call through the padded
    // geometry, whose result, narrowed back, must equal the native conv, forward and backward.
    [Theory]
    [InlineData(24, 20, 1)]  // input and output padded: 24 -> 32, 20 -> 32
    [InlineData(3, 20, 1)]   // a stem: the 3 inputs stay, the outputs are padded
    [InlineData(40, 40, 40)] // depthwise: 40 -> 48 channels and groups
    public void Should_Pad_A_Geometry_Whose_Forward_Failed_And_Still_Equal_The_Native_Conv(int cin, int cout, int groups)
    {
        manual_seed(5);
        var x = randn(2, cin, 9, 7);
        var w = randn(cout, cin / groups, 3, 3);
        var b = randn(cout);
        var g = ConvGeometry.Of(x, w, 1, 1, groups);
        var padded = g with
        {
            InChannels = groups > 1 ? 48 : cin > 16 ? 32 : cin, OutChannels = groups > 1 ? 48 : 32, Groups = groups > 1 ? 48 : 1,
        };
        using var failing = ConvolutionGuard.SetVerdictForTest(g, forward: false, backward: null);
        using var passing = ConvolutionGuard.SetVerdictForTest(padded, forward: true, backward: true);

        Assert.Equal(ConvRoute.Padded, ConvolutionGuard.RouteOf(g, needsGrad: false));
        Assert.Equal(ConvRoute.Padded, ConvolutionGuard.RouteOf(g, needsGrad: true));
        Assert.Equal(padded, ConvolutionGuard.ExecutedGeometry(g));

        using (no_grad())
            AssertClose(Native(x, w, b, groups), ConvolutionGuard.Conv2d(x, w, b, 1, 1, groups), "padded output");

        var (xg, wg, bg) = (x.clone().requires_grad_(true), w.clone().requires_grad_(true), b.clone().requires_grad_(true));
        var upstream = randn(2, cout, 9, 7);
        var y = ConvolutionGuard.Conv2d(xg, wg, bg, 1, 1, groups);
        Assert.Equal([2L, cout, 9, 7], y.shape);
        var grads = autograd.grad([y], [xg, wg, bg], [upstream]);
        var reference = NativeGradients(x, w, b, groups, upstream);
        for (int i = 0; i < 3; i++) AssertClose(reference[i], grads[i], $"padded gradient {i}");
    }

    // Only the backward failed: inference must stay on plain oneDNN (no padding, no native kernels, and no backward
    // check of its own); a call that needs gradients must route around the failure and still be right.
    [Fact]
    public void Should_Run_Plain_OneDnn_Under_No_Grad_When_Only_The_Backward_Failed()
    {
        manual_seed(6);
        var x = randn(3, 32, 8, 8);
        var w = randn(20, 32, 3, 3);
        var g = ConvGeometry.Of(x, w, 1, 1, 1);
        using var backwardFails = ConvolutionGuard.SetVerdictForTest(g, forward: true, backward: false);
        using var paddedFails = ConvolutionGuard.SetVerdictForTest(ChannelPadding.Target(g)!.Value, forward: true, backward: false);

        Assert.Equal(ConvRoute.OneDnn, ConvolutionGuard.RouteOf(g, needsGrad: false));
        Assert.Equal(g, ConvolutionGuard.ExecutedGeometry(g));
        using (no_grad())
            AssertClose(Native(x, w, null, 1), ConvolutionGuard.Conv2d(x, w, null, 1, 1, 1), "inference output");

        Assert.Equal(ConvRoute.NativeBackward, ConvolutionGuard.RouteOf(g, needsGrad: true));
        var (xg, wg) = (x.clone().requires_grad_(true), w.clone().requires_grad_(true));
        var upstream = randn(3, 20, 8, 8);
        var grads = autograd.grad([ConvolutionGuard.Conv2d(xg, wg, null, 1, 1, 1)], [xg, wg], [upstream]);
        var reference = NativeGradients(x, w, null, 1, upstream);
        AssertClose(reference[0], grads[0], "input gradient");
        AssertClose(reference[1], grads[1], "weight gradient");
    }

    // The forward verdict is injected (oneDNN's forward of this geometry may fail on this machine and send the call
    // elsewhere); the backward is left to the real check, which must run only once a call needs gradients.
    [Fact]
    public void Should_Check_The_Backward_Pass_Only_When_A_Call_Needs_Gradients()
    {
        var x = randn(2, 20, 5, 7);
        var w = randn(20, 20, 3, 3);
        var g = ConvGeometry.Of(x, w, 1, 1, 1);
        using var forwardPasses = ConvolutionGuard.SetVerdictForTest(g, forward: true, backward: null);
        using (no_grad()) ConvolutionGuard.Conv2d(x, w, null, 1, 1, 1);
        Assert.Null(_verdicts.Cache.Get(g).Backward);

        ConvolutionGuard.Conv2d(x, w.requires_grad_(true), null, 1, 1, 1);
        Assert.NotNull(_verdicts.Cache.Get(g).Backward);
    }

    // The real check, on a geometry not injected: its forward verdict is recorded at the first call, and whatever it
    // found, the call's result must be right.
    [Fact]
    public void Should_Record_The_Forward_Check_Of_A_New_Geometry_And_Compute_It_Right()
    {
        manual_seed(8);
        var x = randn(4, 20, 6, 6);
        var w = randn(20, 20, 3, 3);
        var g = ConvGeometry.Of(x, w, 1, 1, 1);
        Assert.Equal(default, _verdicts.Cache.Get(g));
        Tensor y;
        using (no_grad()) y = ConvolutionGuard.Conv2d(x, w, null, 1, 1, 1);
        Assert.NotNull(_verdicts.Cache.Get(g).Forward);
        AssertClose(Native(x, w, null, 1), y, "output");
    }

    // Inference on a padded geometry reuses one padded copy of the weights; every way the weights change must make a
    // new one, or the layer would compute with stale weights.
    [Fact]
    public void Should_Renew_A_Layers_Padded_Weights_Whenever_The_Weights_Change()
    {
        manual_seed(7);
        using var conv = new ConvLayer(24, 20, 3, bias: true);
        nn.init.normal_(conv.weight, 0, 0.2);
        nn.init.normal_(conv.bias!, 0, 0.2);
        var x = randn(2, 24, 6, 6);
        var g = ConvGeometry.Of(x, conv.weight, 1, 1, 1);
        using var failing = ConvolutionGuard.SetVerdictForTest(g, forward: false, backward: false);
        using var passing = ConvolutionGuard.SetVerdictForTest(ChannelPadding.Target(g)!.Value, forward: true, backward: true);
        Assert.True(TensorVersion.IsAvailable, "libtorch's version counter cannot be read here, so nothing is cached");

        Tensor Infer() { using var _ = no_grad(); return conv.call(x); }
        void AssertCurrent(string after) => AssertClose(Native(x, conv.weight.detach(), conv.bias!.detach(), 1), Infer(), after);

        AssertCurrent("first call");
        AssertCurrent("second call");
        Assert.Equal(1, conv.PaddedWeightBuilds);

        var optimizer = optim.SGD(conv.parameters(), 0.5);
        conv.call(x).square().sum().backward();
        optimizer.step();
        AssertCurrent("an optimizer step");
        Assert.Equal(2, conv.PaddedWeightBuilds);

        using var other = new ConvLayer(24, 20, 3, bias: true);
        nn.init.normal_(other.weight, 0, 0.2);
        nn.init.normal_(other.bias!, 0, 0.2);
        conv.load_state_dict(other.state_dict());
        AssertCurrent("load_state_dict");
        Assert.Equal(3, conv.PaddedWeightBuilds);

        using (no_grad()) conv.bias!.copy_(randn(20));
        AssertCurrent("copy_ into the bias under no_grad");
        using (no_grad()) conv.weight.mul_(-1);
        AssertCurrent("an in-place change of the weight under no_grad");
        Assert.Equal(5, conv.PaddedWeightBuilds);
    }

    static Tensor Native(Tensor x, Tensor w, Tensor? b, long groups) =>
        ConvolutionGuard.WithoutOneDnn(() => ConvolutionGuard.Plain(x, w, b, 1, w.shape[2] / 2, groups));

    static IList<Tensor> NativeGradients(Tensor x, Tensor w, Tensor? b, long groups, Tensor upstream) =>
        ConvolutionGuard.WithoutOneDnn(() =>
        {
            var (xr, wr) = (x.clone().requires_grad_(true), w.clone().requires_grad_(true));
            var br = b?.clone().requires_grad_(true);
            var y = ConvolutionGuard.Plain(xr, wr, br, 1, w.shape[2] / 2, groups);
            return autograd.grad([y], br is null ? [xr, wr] : [xr, wr, br], [upstream]);
        });

    static void AssertClose(Tensor reference, Tensor actual, string what)
    {
        var expected = reference.detach().to_type(ScalarType.Float64);
        var error = (actual.to_type(ScalarType.Float64) - expected).abs().max().item<double>();
        var scale = expected.abs().max().item<double>();
        Assert.True(error <= 1e-4 * scale, $"{what}: max error {error:G3} against scale {scale:G3}");
    }
}
