namespace PruneLab.Training;

/// <summary>Training stopped because the loss became NaN or infinite; the last good checkpoint is kept.</summary>
public sealed class NonFiniteLossException(int epoch, int batch, double loss, string? lastCheckpoint)
    : Exception($"loss became {loss} at epoch {epoch}, batch {batch}; training stopped. " +
                (lastCheckpoint is null ? "No checkpoint was written yet. " : $"Last good checkpoint: {lastCheckpoint}. ") +
                "Try a lower --lr or check the data.")
{
    public int Epoch { get; } = epoch;
    public int Batch { get; } = batch;
}
