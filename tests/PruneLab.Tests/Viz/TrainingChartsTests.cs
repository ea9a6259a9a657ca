using PruneLab.Training;
using PruneLab.Viz;

namespace PruneLab.Tests.Viz;

public sealed class TrainingChartsTests
{
    static EpochMetrics Epoch(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
        double? validationAccuracy = null) =>
        new(epoch, 0.1, trainLoss, trainAccuracy, testLoss, testAccuracy, validationAccuracy, Seconds: 10, ImagesPerSecond: 1000);

    [Fact]
    public void Should_Plot_Train_And_Test_Loss_And_Accuracy_In_Percent_Per_Epoch()
    {
        EpochMetrics[] history = [Epoch(1, 1.5, 0.40, 1.25, 0.50), Epoch(2, 0.75, 0.70, 0.625, 0.75), Epoch(3, 0.5, 0.80, 0.5, 0.8125)];

        var figure = FigureJson.Of(TrainingCharts.Curves(history, "Baseline"));

        var traces = figure.Traces();
        Assert.Equal(4, traces.Length);
        Assert.All(traces, t => Assert.Equal([1.0, 2.0, 3.0], t.Doubles("x")));
        Assert.Equal(["train", "test", "train", "test"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([1.5, 0.75, 0.5], traces[0].Doubles("y"));
        Assert.Equal([1.25, 0.625, 0.5], traces[1].Doubles("y"));
        Assert.Equal([40.0, 70.0, 80.0], traces[2].Doubles("y"), new ToleranceComparer(1e-9));
        Assert.Equal([50.0, 75.0, 81.25], traces[3].Doubles("y"), new ToleranceComparer(1e-9));
        // loss on the left axes, accuracy on the right ones; one legend entry per series
        Assert.Equal(["x", "x", "x2", "x2"], traces.Select(t => t.GetProperty("xaxis").GetString()));
        Assert.Equal(["y", "y", "y2", "y2"], traces.Select(t => t.GetProperty("yaxis").GetString()));
        Assert.Equal([true, true, false, false], traces.Select(t => t.GetProperty("showlegend").GetBoolean()));
        var layout = figure.Layout();
        Assert.Equal("Baseline", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("epoch", layout.AxisTitle("xaxis"));
        Assert.Equal("epoch", layout.AxisTitle("xaxis2"));
        Assert.Contains("loss", layout.AxisTitle("yaxis"));
        Assert.Equal("accuracy (%)", layout.AxisTitle("yaxis2"));
    }

    [Fact]
    public void Should_Draw_Empty_Panels_Before_The_First_Epoch()
    {
        var figure = FigureJson.Of(TrainingCharts.Curves([]));

        var traces = figure.Traces();
        Assert.Equal(4, traces.Length);
        Assert.All(traces, t => Assert.Empty(t.Doubles("y")));
        Assert.Equal("accuracy (%)", figure.Layout().AxisTitle("yaxis2"));
    }

    [Fact]
    public void Should_Show_A_Single_Epoch_As_Markers()
    {
        var figure = FigureJson.Of(TrainingCharts.Curves([Epoch(1, 2.0, 0.25, 1.75, 0.3)]));

        Assert.All(figure.Traces(), t =>
        {
            Assert.Single(t.Doubles("y"));
            Assert.Contains("markers", t.GetProperty("mode").GetString());
        });
    }

    [Fact]
    public void Should_Add_Validation_Accuracy_Where_The_Run_Recorded_It()
    {
        EpochMetrics[] history = [Epoch(1, 1.0, 0.5, 1.0, 0.5, 0.55), Epoch(2, 0.5, 0.75, 0.5, 0.7, 0.725)];

        var traces = FigureJson.Of(TrainingCharts.Curves(history)).Traces();

        Assert.Equal(5, traces.Length);
        var validation = traces.Single(t => t.GetProperty("name").GetString() == "validation");
        Assert.Equal([55.0, 72.5], validation.Doubles("y"), new ToleranceComparer(1e-9));
        Assert.Equal("y2", validation.GetProperty("yaxis").GetString());
    }
}

sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
{
    public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
    public int GetHashCode(double value) => 0;
}
