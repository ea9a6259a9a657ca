using PruneLab.Cost;
using PruneLab.Methods.Rnp;
using PruneLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Rnp;

public class RoutingAgentTests
{
    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void Should_Give_K_Q_Values_Per_Image_And_Read_Sliced_Features_As_Zero_Padded_Ones(string cell)
    {
        manual_seed(1);
        using var agent = new RoutingAgent([1, 16, 32], actions: 4, encoding: 8, hidden: 6, cell: cell);
        var state = agent.Start(5, CPU);
        var (q0, s1) = agent.Step(0, randn(5, 1), state);
        Assert.Equal(new long[] { 5, 4 }, q0.shape);
        // A sliced pass pools only the 8 kept channels; the masked pass pools 16 with zeros beyond them.
        var kept = randn(5, 8);
        var padded = cat([kept, zeros(5, 8)], 1);
        var (fromSliced, _) = agent.Step(1, kept, s1);
        var (fromMasked, _) = agent.Step(1, padded, s1);
        Assert.True(allclose(fromSliced, fromMasked, rtol: 1e-5, atol: 1e-6));
        Assert.Equal(new long[] { 5, 3, 4 }, agent.Sequence([randn(5, 1), randn(5, 16), randn(5, 32)]).shape);
        Assert.Contains("--cell", Assert.Throws<ArgumentException>(() => new RoutingAgent([1], 4, cell: "rnn")).Message);
    }

    [Fact]
    public void Should_Discount_Each_Steps_Return_Over_The_Rest_Of_Its_Episode()
    {
        var rewards = tensor(new[] { 0f, -0.3f, -1.1f, -0.2f, -0.2f, -4f }, [2, 3]);
        var g = RnpTrainer.Returns(rewards, 0.5).data<float>().ToArray();
        // image 0: G2 = -1.1, G1 = -0.3 + 0.5 * -1.1 = -0.85, G0 = 0 + 0.5 * -0.85 = -0.425
        float[] expected = [-0.425f, -0.85f, -1.1f, -0.2f - 0.5f * 2.2f, -0.2f - 0.5f * 4f, -4f];
        for (int i = 0; i < g.Length; i++) Assert.Equal(expected[i], g[i], 5);
    }

    [Fact]
    public void Should_Keep_The_Latest_Episodes_Once_The_Replay_Is_Full()
    {
        using var replay = new EpisodeReplay([2], capacity: 3);
        for (int i = 0; i < 5; i++)
            replay.Add([full(1, 2, (float)i)], tensor(new long[] { i + 1 }, [1, 1]), full(1, 1, (float)i));
        Assert.Equal(3, replay.Count);
        var (features, actions, rewards) = replay.Sample(64, new Generator(3), CPU);
        var seen = rewards.data<float>().Distinct().Order().ToArray();
        Assert.Equal([2f, 3f, 4f], seen); // episodes 0 and 1 were overwritten
        Assert.True(features[0].select(1, 0).eq(rewards.squeeze(1)).all().item<bool>());
        Assert.True((actions.squeeze(1) - 1).to(ScalarType.Float32).eq(rewards.squeeze(1)).all().item<bool>());
    }

    [Fact]
    public void Should_Count_The_Dense_Cost_Plus_The_Agents_Own_When_Every_Group_Runs()
    {
        var net = (Vgg)ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, 0.25));
        var routed = new RoutedVgg(net, 4);
        using var agent = RnpNetwork.Agent(routed, new RnpOptions());
        var flops = RoutingRollout.Flops(routed, agent, full(2, routed.Steps, 4L, dtype: ScalarType.Int64));
        long agentMacs = Enumerable.Range(0, routed.Steps).Sum(agent.Macs);
        Assert.All(flops, f => Assert.Equal(FlopCounter.Count(net.Architecture).Flops + agentMacs, f));
        Assert.InRange(agentMacs, 1, FlopCounter.Count(net.Architecture).Flops / 20); // the agent is cheap beside the backbone
    }
}
