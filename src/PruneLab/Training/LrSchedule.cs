namespace PruneLab.Training;

/// <summary>Learning rate as a function of (fractional) epoch; the trainer asks once per batch.</summary>
public abstract class LrSchedule
{
    public static readonly string[] Names = ["step", "cosine", "linear", "constant"];

    public abstract double At(double epoch);

    public static LrSchedule Create(TrainingOptions o) => o.Schedule switch
    {
        "constant" => new ConstantSchedule(o.LearningRate),
        "step" => new StepSchedule(o.LearningRate, o.Milestones.Select(m => (int)Math.Round(m * o.Epochs)).ToArray(), o.Gamma),
        "cosine" => new CosineSchedule(o.LearningRate, o.Epochs),
        "linear" => new LinearSchedule(o.LearningRate, o.Epochs),
        _ => throw new ArgumentException($"unknown schedule '{o.Schedule}'; expected one of {string.Join(", ", Names)}"),
    };
}

public sealed class ConstantSchedule(double lr) : LrSchedule
{
    public override double At(double epoch) => lr;
}

/// <summary>Multiplies by gamma at each milestone epoch (epoch-wise, as the papers' schedules).</summary>
public sealed class StepSchedule(double lr, int[] milestones, double gamma) : LrSchedule
{
    public override double At(double epoch) => lr * Math.Pow(gamma, milestones.Count(m => Math.Floor(epoch) >= m));
}

public sealed class CosineSchedule(double lr, int epochs) : LrSchedule
{
    public override double At(double epoch) => 0.5 * lr * (1 + Math.Cos(Math.PI * Math.Min(epoch, epochs) / epochs));
}

/// <summary>Linear decay to zero over training (MetaPruning's PruningNet schedule).</summary>
public sealed class LinearSchedule(double lr, int epochs) : LrSchedule
{
    public override double At(double epoch) => lr * Math.Max(0, 1 - epoch / epochs);
}
