using PruneLab.Training;

namespace PruneLab.Tests.Training;

public class ExperimentFolderTests
{
    sealed record Config(string Name, int Epochs, int[]? Widths = null);
    sealed record Result(double Accuracy);

    [Fact]
    public void Should_Return_A_Finished_Result_Only_For_The_Same_Configuration()
    {
        using var folder = new TempRunFolder();
        var config = new Config("a", 3, [4, 5]);
        Assert.Null(ExperimentFolder.Finished<Result>(folder.Path, config));
        AtomicFile.WriteJson(Path.Combine(folder.Path, ExperimentFolder.ConfigFile), new { config, environment = "anything" });
        Assert.True(ExperimentFolder.Matches(folder.Path, config));
        Assert.Null(ExperimentFolder.Finished<Result>(folder.Path, config)); // configured, not finished
        AtomicFile.WriteJson(Path.Combine(folder.Path, ExperimentFolder.ResultFile), new Result(0.9));
        Assert.Equal(0.9, ExperimentFolder.Finished<Result>(folder.Path, config)!.Accuracy);
        Assert.Null(ExperimentFolder.Finished<Result>(folder.Path, config with { Epochs = 4 }));
        Assert.Null(ExperimentFolder.Finished<Result>(folder.Path, config with { Widths = [4, 6] }));
    }
}
