using PruneLab.Methods.MetaPruning;
using PruneLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.MetaPruning;

public class PruningNetTests
{
    static EncodingSpace Space(string model, double width) =>
        new(Architecture.Of(ModelCatalog.DefaultSpec(model, 1, 28, 10, width)), WidthChoices.Parse("0.25:1:0.25"));

    [Theory]
    [InlineData("vgg16", 0.125)]
    [InlineData("resnet20", 0.5)]
    public void Should_Run_Exactly_As_Its_Materialized_Network(string model, double width)
    {
        manual_seed(3);
        var space = Space(model, width);
        using var net = new PruningNet(space, hidden: 8);
        var x = randn(4, 1, 28, 28);
        net.train();
        foreach (var seed in new[] { 1, 2, 3 }) // a few training steps' worth of batch-norm statistics
        {
            net.Use(space.Random(new Random(seed)));
            using var _ = no_grad();
            net.forward(x);
        }
        var encoding = space.Random(new Random(9));
        net.Use(encoding);
        net.eval();
        using var built = net.Materialize();
        built.eval();
        Assert.Equal(space.Widths(encoding), built.Spec.Widths);
        using var __ = no_grad();
        var expected = net.forward(x);
        var actual = built.forward(x);
        Assert.True(allclose(expected, actual, rtol: 1e-4, atol: 1e-5), $"max difference {(expected - actual).abs().max().item<float>()}");
    }

    [Fact]
    public void Should_Generate_Kernels_Cropped_To_The_Encodings_Channels()
    {
        var space = Space("vgg16", 0.25);
        using var net = new PruningNet(space, hidden: 4);
        var encoding = space.All(1); // every layer at half width
        net.Use(encoding);
        var widths = space.Widths(encoding);
        Assert.Equal(new long[] { widths[0], 1, 3, 3 }, net.Kernel(0).shape);
        Assert.Equal(new long[] { widths[5], widths[4], 3, 3 }, net.Kernel(5).shape);
    }

    [Fact]
    public void Should_Train_The_Generators_Through_The_Generated_Weights()
    {
        manual_seed(5);
        var space = Space("resnet20", 0.5);
        using var net = new PruningNet(space, hidden: 8);
        net.train();
        net.Use(space.All(0));
        var loss = nn.functional.cross_entropy(net.forward(randn(8, 1, 28, 28)), randint(0, 10, 8, dtype: ScalarType.Int64));
        loss.backward();
        var generatorGrads = net.named_parameters().Where(p => p.name.StartsWith("_generators")).ToArray();
        Assert.NotEmpty(generatorGrads);
        Assert.All(generatorGrads, p => Assert.True(p.parameter.grad is { } g && g.abs().sum().item<float>() > 0, $"{p.name} got no gradient"));
        // Only the cropped part of the largest kernel was used: the output rows of the other channels get no gradient.
        var fc2 = net.named_parameters().First(p => p.name == "_generators.1.fc2.weight").parameter.grad!;
        var rows = fc2.view(space.Dense.Sites[1].Channels, -1, 8);
        int kept = space.Widths(space.All(0))[1];
        Assert.True(rows.narrow(0, 0, kept).abs().sum().item<float>() > 0);
        Assert.Equal(0f, rows.narrow(0, kept, rows.shape[0] - kept).abs().sum().item<float>());
    }

    [Fact]
    public void Should_Refuse_A_Family_Without_A_PruningNet_And_A_Wrong_Encoding()
    {
        var mobile = new EncodingSpace(Architecture.Of(ModelCatalog.DefaultSpec("mobilenetv2", 3, 32, 10, 0.25)));
        Assert.Contains("mobilenetv2", Assert.Throws<ArgumentException>(() => new PruningNet(mobile)).Message);
        using var net = new PruningNet(Space("vgg16", 0.125), hidden: 4);
        Assert.Throws<ArgumentException>(() => net.Use([1, 2, 3]));
    }
}
