using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Tests.Models;

public class GradientTests
{
    // In-place ops on batch-norm outputs once corrupted the saved tensors, and oneDNN's wrong input gradients for
    // some channel counts made two identical backward passes disagree (see ConvolutionGuard). Every backbone, at a
    // width whose channel counts are not multiples of 16, must give bit-identical gradients for the same batch.
    [Theory]
    [InlineData("vgg16")]
    [InlineData("resnet20")]
    [InlineData("mobilenetv2")]
    public void Should_Give_Identical_Gradients_For_Two_Identical_Backward_Passes(string name)
    {
        manual_seed(4);
        using var model = ModelCatalog.Create(ModelCatalog.DefaultSpec(name, 1, 28, 10, width: 0.3));
        model.train();
        using var x = randn(16, 1, 28, 28);
        using var y = randint(0, 10, 16);
        Tensor[] Gradients()
        {
            model.zero_grad();
            nn.functional.cross_entropy(model.call(x), y).backward();
            return model.parameters().Select(p => p.grad!.clone()).ToArray();
        }
        var first = Gradients();
        var second = Gradients();
        for (int i = 0; i < first.Length; i++)
            Assert.True(first[i].allclose(second[i], 0, 0), $"gradient {i} differs between identical passes");
    }
}
