using PruneLab.Training;

namespace PruneLab.Tests.Training;

public class LrScheduleTests
{
    [Fact]
    public void Should_Divide_By_Ten_At_Half_And_Three_Quarters_As_Li_Et_Al()
    {
        var s = LrSchedule.Create(new TrainingOptions { Epochs = 160 });
        Assert.Equal(0.1, s.At(79.9), 12);
        Assert.Equal(0.01, s.At(80), 12);
        Assert.Equal(0.001, s.At(120), 12);
    }

    [Fact]
    public void Should_Follow_A_Half_Cosine_And_A_Linear_Decay()
    {
        Assert.Equal(0.05, LrSchedule.Create(new TrainingOptions { Epochs = 10, Schedule = "cosine" }).At(5), 12);
        Assert.Equal(0.025, LrSchedule.Create(new TrainingOptions { Epochs = 4, Schedule = "linear" }).At(3), 12);
        Assert.Equal(0.1, LrSchedule.Create(new TrainingOptions { Schedule = "constant" }).At(150), 12);
    }

    [Theory]
    [InlineData(0, 64, 0.1, "--epochs")]
    [InlineData(1, 0, 0.1, "--batch-size")]
    [InlineData(1, 64, -1.0, "--lr")]
    public void Should_Name_The_Impossible_Option(int epochs, int batch, double lr, string option)
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingOptions { Epochs = epochs, BatchSize = batch, LearningRate = lr }.Validate());
        Assert.Contains(option, e.Message);
    }
}
