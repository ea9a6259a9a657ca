using PruneLab.Methods.Rnp;
using PruneLab.Models;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Rnp;

public class AgentInferenceTests
{
    [Theory]
    [InlineData("gru")]
    [InlineData("lstm")]
    public void Should_Give_The_Agents_Q_Values_And_Greedy_Actions_Step_By_Step(string cell)
    {
        manual_seed(3);
        using var agent = new RoutingAgent([1, 16, 32, 32], actions: 4, encoding: 24, hidden: 20, cell: cell);
        var fast = new AgentInference(agent);
        using var _ = no_grad();
        for (int image = 0; image < 5; image++)
        {
            var state = agent.Start(1, CPU);
            fast.Reset();
            // The second step reads a sliced pass: only 9 of its 16 channels were kept.
            var pooled = new[] { randn(1, 1), randn(1, 9).abs(), randn(1, 32).abs(), randn(1, 32).abs() };
            for (int step = 0; step < 4; step++)
            {
                Tensor q;
                (q, state) = agent.Step(step, pooled[step], state);
                int action = fast.Decide(step, pooled[step].data<float>().ToArray());
                var expected = q.data<float>().ToArray();
                for (int a = 0; a < 4; a++) Assert.Equal(expected[a], fast.Q[a], 4);
                Assert.Equal((int)q.argmax(1).item<long>() + 1, action);
            }
        }
    }

    [Fact]
    public void Should_Start_Greedily_At_The_Full_Action_After_The_Prior()
    {
        manual_seed(4);
        using var agent = new RoutingAgent([1, 8], actions: 4, encoding: 8, hidden: 8);
        agent.PreferFull(1.0); // a margin far above what the small random weights add
        using var _ = no_grad();
        var (q, _) = agent.Step(0, randn(64, 1), agent.Start(64, CPU));
        Assert.True(q.argmax(1).eq(3).all().item<bool>());
    }

    [Fact]
    public void Should_Route_One_Image_Like_The_Batched_Greedy_Rollout()
    {
        manual_seed(5);
        using var net = (Vgg)ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", 1, 28, 10, 0.25));
        net.eval();
        var routed = new RoutedVgg(net, 4);
        using var agent = new RoutingAgent(routed.InputChannels, 4, 16, 16);
        agent.eval();
        var fast = new AgentInference(agent);
        var x = randn(3, 1, 28, 28);
        using var _ = no_grad();
        var batched = RoutingRollout.Run(routed, agent, x);
        for (int i = 0; i < 3; i++)
        {
            var (logits, actions) = RoutedInference.Run(routed, fast, x.narrow(0, i, 1));
            Assert.Equal(batched.Actions[i].data<long>().Select(a => (int)a).ToArray(), actions);
            Assert.True(allclose(batched.Logits[i].unsqueeze(0), logits, rtol: 1e-4, atol: 1e-4));
        }
    }
}
