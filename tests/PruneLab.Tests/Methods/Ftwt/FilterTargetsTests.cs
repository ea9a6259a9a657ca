using PruneLab.Methods.Ftwt;
using static TorchSharp.torch;

namespace PruneLab.Tests.Methods.Ftwt;

public class FilterTargetsTests
{
    /// <summary>One image whose channel c peaks at <paramref name="peaks"/>[c] (at one pixel of a 3x3 map, sign as given).</summary>
    static Tensor Output(params float[] peaks)
    {
        var x = zeros(1, peaks.Length, 3, 3);
        for (int c = 0; c < peaks.Length; c++)
        {
            x[0, c, c % 3, 1] = peaks[c];
            x[0, c, 2, 2] = peaks[c] / 4; // a smaller value elsewhere: only the peak counts
        }
        return x;
    }

    static float[] Row(Tensor t) => t[0].data<float>().ToArray();

    [Fact]
    public void Should_Keep_The_Smallest_Top_Set_Within_The_Mass_Threshold()
    {
        // Peaks 1, 4, 2, 3 (sum 10): sorted mass 0.4, 0.3, 0.2, 0.1; cumulative 0.4, 0.7, 0.9, 1.0.
        var x = Output(1, 4, 2, 3);
        Assert.Equal([0f, 1f, 0f, 1f], Row(FilterTargets.HeatmapMass(x, 0.7)));
        Assert.Equal([0f, 1f, 1f, 1f], Row(FilterTargets.HeatmapMass(x, 0.9)));
        Assert.Equal([0f, 1f, 1f, 1f], Row(FilterTargets.HeatmapMass(x, 0.95)));
        Assert.Equal([1f, 1f, 1f, 1f], Row(FilterTargets.HeatmapMass(x, 1.0)));
        // Below the top channel's own mass the top channel still stays.
        Assert.Equal([0f, 1f, 0f, 0f], Row(FilterTargets.HeatmapMass(x, 0.3)));
    }

    [Fact]
    public void Should_Read_Magnitudes_And_Drop_Only_Dead_Channels_At_One()
    {
        // Channel 1 is negative (a BN output before the residual add): |-4| counts as 4. Channel 3 never fires.
        var x = Output(1, -4, 5, 0);
        Assert.Equal([1f, 1f, 1f, 0f], Row(FilterTargets.HeatmapMass(x, 1.0)));
        Assert.Equal([0f, 1f, 1f, 0f], Row(FilterTargets.HeatmapMass(x, 0.9))); // masses 0.1, 0.4, 0.5: 0.5 + 0.4 = 0.9
        var mass = Row(FilterTargets.Mass(x));
        Assert.Equal(0.1f, mass[0], 5);
        Assert.Equal(0.4f, mass[1], 5);
    }

    [Fact]
    public void Should_Decide_Per_Image_And_Leave_An_All_Zero_Image_Empty()
    {
        var x = cat([Output(1, 4, 2, 3), Output(9, 0.5f, 0.25f, 0.25f), zeros(1, 4, 3, 3)], 0);
        var t = FilterTargets.HeatmapMass(x, 0.9);
        Assert.Equal(3f, t[0].sum().item<float>());
        Assert.Equal([1f, 0f, 0f, 0f], Row(t[1].unsqueeze(0))); // one dominant channel holds 0.9 alone
        Assert.Equal(0f, t[2].sum().item<float>());
    }

    [Fact]
    public void Should_Keep_A_Fixed_Share_In_The_Uniform_Alternative_And_Refuse_Bad_Settings()
    {
        var x = Output(1, 4, 2, 3);
        Assert.Equal([0f, 1f, 0f, 1f], Row(FilterTargets.Uniform(x, 0.5)));
        Assert.Equal([0f, 1f, 1f, 1f], Row(FilterTargets.Uniform(x, 0.6))); // ceil(2.4) = 3
        Assert.Contains("--threshold", Assert.Throws<ArgumentException>(() => FilterTargets.HeatmapMass(x, 0)).Message);
        Assert.Contains("--threshold", Assert.Throws<ArgumentException>(() => FilterTargets.HeatmapMass(x, 1.2)).Message);
        Assert.Contains("--keep", Assert.Throws<ArgumentException>(() => FilterTargets.Uniform(x, 0)).Message);
    }
}
