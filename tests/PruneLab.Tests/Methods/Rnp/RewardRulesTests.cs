using PruneLab.Methods.Rnp;
using PruneLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Rnp;

public class RewardRulesTests
{
    static RewardInputs Episodes(Tensor actions, Tensor loss, double penalty, double alpha) =>
        new(actions, loss, ones(loss.shape[0], dtype: ScalarType.Bool), penalty, alpha, ones(actions.shape[1]), 4);

    /// <summary>RoutingRollout.Rewards as it was before the reward became a <see cref="RewardRule"/>, verbatim.</summary>
    static Tensor RewardsBeforeTheDelegate(Tensor actions, Tensor taskLoss, double penalty, double alpha)
    {
        var rewards = (actions - 1).to(ScalarType.Float32) * penalty;
        var last = rewards.shape[1] - 1;
        rewards[TensorIndex.Colon, last] += -alpha * taskLoss.detach();
        return rewards;
    }

    [Fact]
    public void Should_Pay_The_Penalty_Per_Extra_Group_And_The_Task_Loss_At_The_Last_Step()
    {
        var actions = tensor(new long[] { 1, 4, 2, 3, 3, 1 }, [2, 3]);
        var loss = tensor(new[] { 0.5f, 2f });
        var r = RewardRules.Paper(Episodes(actions, loss, penalty: -0.1, alpha: 2)).data<float>().ToArray();
        // image 0: (0, 3, 1) groups beyond the first -> 0, -0.3, -0.1 - 2 * 0.5; image 1: (2, 2, 0) -> -0.2, -0.2, 0 - 2 * 2
        float[] expected = [0f, -0.3f, -1.1f, -0.2f, -0.2f, -4f];
        Assert.Equal(expected.Length, r.Length);
        for (int i = 0; i < r.Length; i++) Assert.Equal(expected[i], r[i], 5);
    }

    [Fact]
    public void Should_Give_Exactly_The_Rewards_Of_Before_The_Delegate_On_Random_Episodes()
    {
        var generator = new Generator(5);
        for (int trial = 0; trial < 5; trial++)
        {
            var actions = randint(1, 5, [64, 13], generator: generator, dtype: ScalarType.Int64);
            var loss = rand([64], generator: generator) * 3;
            double penalty = -0.1 * (trial + 1), alpha = 0.5 + trial;
            var now = RewardRules.Paper(Episodes(actions, loss, penalty, alpha));
            Assert.Equal(ScalarType.Float32, now.dtype);
            Assert.True(Same(now, RewardsBeforeTheDelegate(actions, loss, penalty, alpha)), $"trial {trial}: the paper's rule differs from the old rewards");
        }
    }

    [Fact]
    public void Should_Charge_Each_Step_By_The_Macs_Of_The_Layers_Its_Groups_Feed_Relative_To_The_Mean_Step()
    {
        var net = (Vgg)ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, 0.25));
        var cost = RewardInputs.RelativeStepCost(new RoutedVgg(net, 4));
        // Independently: a site's groups are read and written by the layers on either side (every width divides by 4),
        // so one group costs a quarter of the MACs of the conv making it plus the layer reading it.
        var arch = net.Architecture;
        var touching = arch.Sites.Select(s => (double)arch.Layers.Where(l => l.OutSite == s.Index || l.InSite == s.Index).Sum(l => l.Macs())).ToArray();
        var expected = touching.Select(t => t / touching.Average()).ToArray();
        Assert.Equal(13, cost.Length);
        Assert.Equal(1.0, cost.Average(), 9);
        for (int i = 0; i < cost.Length; i++) Assert.Equal(expected[i], cost[i], 9);
        Assert.True(cost[8] > 4 * cost[12], $"conv9's groups should cost several times conv13's: {cost[8]:F2} vs {cost[12]:F2}");
    }

    /// <summary>Same shape, type and values.</summary>
    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();
}
