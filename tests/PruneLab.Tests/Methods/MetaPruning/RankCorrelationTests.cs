using PruneLab.Methods.MetaPruning;

namespace PruneLab.Tests.Methods.MetaPruning;

public class RankCorrelationTests
{
    [Fact]
    public void Should_Be_One_For_Any_Increasing_Relation_And_Minus_One_For_A_Decreasing_One()
    {
        double[] x = [0.1, 0.5, 0.2, 0.9];
        Assert.Equal(1.0, RankCorrelation.Spearman(x, x.Select(v => Math.Exp(10 * v)).ToArray()), 12);
        Assert.Equal(-1.0, RankCorrelation.Spearman(x, x.Select(v => -v * v).ToArray()), 12);
    }

    [Fact]
    public void Should_Give_Tied_Values_Their_Mean_Rank()
    {
        Assert.Equal([1.0, 2.5, 2.5, 4.0], RankCorrelation.Ranks([1, 2, 2, 3]));
        // Worked example: ranks x (1,2,3,4,5), y (2,1,4,3,5): rho = 1 - 6*4/(5*24) = 0.8.
        Assert.Equal(0.8, RankCorrelation.Spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50]), 12);
    }

    [Fact]
    public void Should_Refuse_Unpaired_Samples() =>
        Assert.Throws<ArgumentException>(() => RankCorrelation.Spearman([1, 2, 3], [1, 2]));
}
