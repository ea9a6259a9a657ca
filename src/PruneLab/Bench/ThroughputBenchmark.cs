using PruneLab.Cost;
using PruneLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Bench;

/// <summary>Images per second of a backbone for inference (eval, no grad) or a full SGD training step.</summary>
public static class ThroughputBenchmark
{
    public static ThroughputCase Measure(ModelSpec spec, double width, bool training, int batch, Device device, double peakMacs, double minSeconds = 1.0)
    {
        using var model = ModelCatalog.Create(spec);
        model.to(device);
        long macs = FlopCounter.Count(model.Architecture).Flops;
        // BatchNorm1d (VGG's classifier) cannot train on one sample; measure two and say so.
        int measured = training && batch == 1 && spec.Family == "vgg16" ? 2 : batch;
        string? note = measured != batch ? "BatchNorm1d needs 2 samples to train; measured at batch 2" : null;
        using var x = randn(measured, spec.InChannels, spec.ImageSize, spec.ImageSize, device: device);
        using var y = randint(0, spec.NumClasses, measured, device: device);
        double seconds;
        if (training)
        {
            model.train();
            using var opt = optim.SGD(model.parameters(), 0.01, 0.9);
            seconds = Timing.MedianSeconds(() =>
            {
                using var scope = NewDisposeScope();
                opt.zero_grad();
                nn.functional.cross_entropy(model.call(x), y).backward();
                opt.step();
                MachinePeak.Sync(device);
            }, minSeconds: minSeconds);
        }
        else seconds = Timing.InferenceSeconds(model, x, device, minSeconds);
        double imagesPerSecond = measured / seconds;
        double rate = macs * (training ? 3.0 : 1.0) * imagesPerSecond;
        return new ThroughputCase(spec.Family, width, training ? "train" : "infer", batch, measured, macs, seconds * 1000,
            imagesPerSecond, rate / 1e9, rate / peakMacs, note);
    }
}
