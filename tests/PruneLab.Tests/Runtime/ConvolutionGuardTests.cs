using PruneLab.Models;
using PruneLab.Runtime;
using static TorchSharp.torch;

namespace PruneLab.Tests.Runtime;

public class ConvolutionGuardTests
{
    // On this project's machines oneDNN got every one of these wrong (forward, input gradient, or both, sometimes NaN);
    // through the guard each must match a float64 reference.
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

    static void AssertClose(Tensor reference, Tensor actual, string what)
    {
        var error = (actual.to_type(ScalarType.Float64) - reference.detach()).abs().max().item<double>();
        var scale = reference.abs().max().item<double>();
        Assert.True(error <= 1e-4 * scale, $"{what}: max error {error:G3} against scale {scale:G3}");
    }
}
