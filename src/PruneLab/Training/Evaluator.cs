using PruneLab.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Training;

/// <summary>Loss and top-1 accuracy of a model over a data set, in eval mode without gradients.</summary>
public static class Evaluator
{
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, ImageSet set, Device device, int batchSize = 256)
    {
        model.eval();
        using var _ = no_grad();
        var loader = new BatchLoader(set, batchSize, shuffle: false, augment: false, seed: 0);
        double lossSum = 0;
        long correct = 0, seen = 0;
        foreach (var (x, y) in loader.Epoch(0, device))
        {
            using var scope = NewDisposeScope();
            var logits = model.forward(x);
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(y).sum().item<long>();
            seen += y.shape[0];
        }
        return (lossSum / seen, (double)correct / seen);
    }

    /// <summary>The predicted class of each of the first <paramref name="count"/> images of a set.</summary>
    public static int[] Predict(nn.Module<Tensor, Tensor> model, ImageSet set, int count, Device? device = null)
    {
        device ??= CPU;
        model.eval();
        using var _ = no_grad();
        var loader = new BatchLoader(set, Math.Min(count, set.Count), shuffle: false, augment: false, seed: 0) { DisposeBatches = false };
        var (x, y) = loader.Epoch(0, device).First();
        using var scope = NewDisposeScope();
        x.MoveToOtherDisposeScope(scope);
        y.MoveToOtherDisposeScope(scope);
        return model.forward(x).argmax(1).cpu().data<long>().Select(v => (int)v).ToArray();
    }
}
