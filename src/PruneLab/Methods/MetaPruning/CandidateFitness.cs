using PruneLab.Data;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Methods.MetaPruning;

/// <summary>
/// MetaPruning's fitness of an encoding: the validation error of that network with PruningNet-generated weights, after
/// re-estimating its batch-norm statistics on training batches (train mode, no gradient). No fine-tuning.
/// The same batches every time, so the fitness is a pure function of the encoding.
/// </summary>
public sealed class CandidateFitness(PruningNet net, ImageSet train, ImageSet validation, Device device, int recalibrationBatches, int seed)
{
    public double Error(int[] encoding) => 1 - Evaluate(encoding, validation).Accuracy;

    /// <summary>Loss and accuracy of the encoding's generated network over a set.</summary>
    public (double Loss, double Accuracy) Evaluate(IReadOnlyList<int> encoding, ImageSet set)
    {
        net.Use(encoding);
        using var candidate = net.Materialize();
        NormRecalibration.Run(candidate, train, device, recalibrationBatches, seed: seed);
        return Evaluator.Evaluate(candidate, set, device);
    }
}
