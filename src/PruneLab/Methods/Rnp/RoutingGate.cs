using PruneLab.Models;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// A routing as a gate of the sliced engine: at each deciding site <paramref name="decide"/> picks the step's action
/// from the conv input as executed; every site the step governs then keeps its prefix for that action.
/// </summary>
public sealed class RoutingGate(IRoutedNetwork routed, Func<int, SlicedInput, int> decide) : ISlicedGate
{
    readonly int[] _actions = new int[routed.Steps];

    /// <summary>The actions taken in the last run, one per step.</summary>
    public IReadOnlyList<int> Actions => _actions;

    public KeptChannels Select(int site, SlicedInput input)
    {
        int channels = routed.Network.Sites[site].Channels;
        int step = routed.StepOf(site);
        if (step < 0) return KeptChannels.All(channels);
        if (routed.Decides(site)) _actions[step] = decide(step, input);
        return KeptChannels.Prefix(routed.Kept(site, _actions[step]), channels);
    }
}
