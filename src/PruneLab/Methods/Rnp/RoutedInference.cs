using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>
/// Dynamic inference as deployed: one image at a time, the agent deciding before each step from the sliced feature
/// map, and each step computing only the kept channels (or path). This is what the latency benchmark times.
/// </summary>
public static class RoutedInference
{
    /// <summary>Logits [1, classes] and the actions taken for one image [1, C, H, W]. Eval mode, no gradients.</summary>
    public static (Tensor Logits, int[] Actions) Run(IRoutedNetwork routed, AgentInference agent, Tensor image)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        agent.Reset();
        var gate = new RoutingGate(routed, (step, input) => agent.Decide(step, input.Map));
        var logits = routed.Engine.Run(image, gate);
        return (logits.MoveToOuterDisposeScope(), gate.Actions.ToArray());
    }
}
