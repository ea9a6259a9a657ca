namespace PruneLab.Training;

/// <summary>What a long run reports as it goes; the CLI draws progress bars, notebooks draw live charts.</summary>
public interface ITrainingProgress
{
    void EpochStarted(int epoch, int epochs, int batches);
    void BatchDone(int epoch, int batch, double loss);
    void EpochDone(EpochMetrics metrics);
    void Message(string text);
}

/// <summary>Reports nothing (tests, nested runs).</summary>
public sealed class SilentProgress : ITrainingProgress
{
    public static readonly SilentProgress Instance = new();
    public void EpochStarted(int epoch, int epochs, int batches) { }
    public void BatchDone(int epoch, int batch, double loss) { }
    public void EpochDone(EpochMetrics metrics) { }
    public void Message(string text) { }
}
