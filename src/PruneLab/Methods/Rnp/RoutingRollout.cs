using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Methods.Rnp;

/// <summary>One batch of episodes: the pooled features entering each site, the actions taken (groups, 1..k) and the logits.</summary>
public sealed record Rollout(Tensor[] Features, Tensor Actions, Tensor Logits);

/// <summary>
/// Runs images through a routed network (masked path) while the agent decides layer by layer: greedily, or
/// epsilon-greedily for exploration. The agent never gets gradients here; the backbone does only when the caller
/// enables them (fine-tuning under the agent's decisions).
/// </summary>
public static class RoutingRollout
{
    public static Rollout Run(IRoutedNetwork routed, RoutingAgent agent, Tensor images, double epsilon = 0, Generator? generator = null)
    {
        long n = images.shape[0];
        var state = agent.Start(n, images.device);
        var features = new Tensor[routed.Steps];
        var actions = new Tensor[routed.Steps];
        var logits = routed.Masked(images, (i, input) =>
        {
            features[i] = input.mean([2, 3]).detach();
            Tensor q;
            using (no_grad()) (q, state) = agent.Step(i, features[i], state);
            var greedy = q.argmax(1);
            if (epsilon > 0)
            {
                var explore = rand([n], generator: generator, device: images.device).lt(epsilon);
                var random = randint(0, agent.Actions, [n], generator: generator, device: images.device, dtype: ScalarType.Int64);
                greedy = where(explore, random, greedy);
            }
            return actions[i] = greedy + 1;
        });
        return new Rollout(features, stack(actions, 1), logits);
    }

    /// <summary>Per-image FLOPs of the routed backbone (from each image's actions [N, steps]) plus the agent's own.</summary>
    public static double[] Flops(IRoutedNetwork routed, RoutingAgent agent, Tensor actions)
    {
        var all = actions.cpu().data<long>().ToArray();
        int steps = routed.Steps;
        long agentMacs = Enumerable.Range(0, steps).Sum(agent.Macs);
        var known = new Dictionary<string, long>();
        var result = new double[all.Length / steps];
        for (int i = 0; i < result.Length; i++)
        {
            var row = all.Skip(i * steps).Take(steps).Select(a => (int)a).ToArray();
            var key = string.Join(",", row);
            if (!known.TryGetValue(key, out long flops)) known[key] = flops = routed.Flops(row);
            result[i] = flops + agentMacs;
        }
        return result;
    }
}
