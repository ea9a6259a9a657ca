using PruneLab.Cost;
using PruneLab.Methods.MetaPruning;
using PruneLab.Models;

namespace PruneLab.Tests.Methods.MetaPruning;

public class EncodingSpaceTests
{
    static EncodingSpace Space(string model, double width = 1.0) =>
        new(Architecture.Of(ModelCatalog.DefaultSpec(model, 3, 32, 10, width)));

    [Fact]
    public void Should_Offer_The_Papers_31_Scales_From_A_Tenth_To_Full_Width()
    {
        var grid = WidthChoices.Paper;
        Assert.Equal(31, grid.Count);
        Assert.Equal(0.10, grid.Scales[0], 6);
        Assert.Equal(0.13, grid.Scales[1], 6);
        Assert.Equal(1.00, grid.Scales[^1], 6);
        Assert.Equal(6, grid.Channels(64, 0));   // round(6.4)
        Assert.Equal(1, grid.Channels(3, 0));    // never zero channels
    }

    [Fact]
    public void Should_Give_Vgg_One_Gene_Per_Conv()
    {
        var space = Space("vgg16");
        Assert.Equal(13, space.Genes.Count);
        Assert.All(space.Genes, g => Assert.Single(g.Sites));
    }

    [Fact]
    public void Should_Tie_Residual_Sites_To_One_Gene_And_Free_Inner_Widths()
    {
        var space = Space("resnet20");
        // 3 stage genes (stem + block outputs of each stage) + one free gene per block's first conv (9 blocks).
        Assert.Equal(12, space.Genes.Count);
        Assert.Equal(3, space.Genes.Count(g => g.Sites.Length > 1));
        var rng = new Random(4);
        var widths = space.Widths(space.Random(rng));
        foreach (var group in space.Dense.Sites.GroupBy(s => s.CouplingGroup))
            Assert.Single(group.Select(s => widths[s.Index]).Distinct());
        // A network of any encoding is buildable: tied widths agree.
        _ = Architecture.Of(space.Dense.Spec.WithWidths(widths));
    }

    [Fact]
    public void Should_Price_An_Encoding_As_The_Cost_Model_Prices_The_Built_Architecture()
    {
        var space = Space("resnet20");
        var encoding = space.Random(new Random(7));
        var built = Architecture.Of(space.Dense.Spec.WithWidths(space.Widths(encoding)));
        Assert.Equal(FlopCounter.Count(built).Flops, space.Flops(encoding));
        Assert.Equal(space.DenseFlops, space.Flops(space.All(space.Choices.Count - 1)));
        Assert.True(space.MinimumFlops < space.DenseFlops / 50);
    }

    [Fact]
    public void Should_Find_The_Widest_Uniform_Network_Within_A_Flops_Target()
    {
        var space = Space("vgg16");
        long target = space.DenseFlops / 2;
        var (multiplier, widths) = space.UniformAt(target);
        Assert.True(FlopCounter.Flops(space.Dense, widths) <= target);
        Assert.InRange(multiplier, 0.69, 0.72); // FLOPs scale with the square of the width
        var wider = space.Dense.Sites.Select(s => Math.Max(1, (int)Math.Round(s.Channels * (multiplier + 0.01)))).ToArray();
        Assert.True(FlopCounter.Flops(space.Dense, wider) > target);
    }

    [Fact]
    public void Should_Reject_Encodings_Of_The_Wrong_Length_Or_Out_Of_Range()
    {
        var space = Space("vgg16");
        Assert.Throws<ArgumentException>(() => space.Widths(new int[12]));
        var bad = space.All(0);
        bad[3] = 31;
        Assert.Contains("0..30", Assert.Throws<ArgumentException>(() => space.Widths(bad)).Message);
    }

    [Theory]
    [InlineData("0.5", 500)]
    [InlineData("50%", 500)]
    [InlineData("1", 1000)]
    [InlineData("300", 300)]
    [InlineData("0.0002K", 0)]
    public void Should_Read_A_Budget_As_A_Fraction_Or_A_Count(string text, long expected) =>
        Assert.Equal(expected, FlopsBudget.Parse(text, 1000));

    [Theory]
    [InlineData("half")]
    [InlineData("-0.5")]
    [InlineData("2M")]
    public void Should_Reject_A_Budget_That_Is_Not_A_Positive_Amount_Below_The_Dense_Network(string text) =>
        Assert.Contains("--flops-budget", Assert.Throws<ArgumentException>(() => FlopsBudget.Parse(text, 1_000_000)).Message);

    [Fact]
    public void Should_Parse_A_Choice_Grid_And_Reject_An_Impossible_One()
    {
        Assert.Equal(4, WidthChoices.Parse("0.25:1:0.25").Count);
        Assert.Contains("--choices", Assert.Throws<ArgumentException>(() => WidthChoices.Parse("0:1:0.1")).Message);
        Assert.Contains("--choices", Assert.Throws<ArgumentException>(() => WidthChoices.Parse("0.1-1")).Message);
    }
}
