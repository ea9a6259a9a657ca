namespace PruneLab.Methods;

/// <summary>A paper's claim beside this run's evidence and a verdict (one of <see cref="Verdict"/>'s, or a qualified one).</summary>
public sealed record ClaimCheck(int Number, string Claim, string Evidence, string Verdict);

/// <summary>The verdicts every method's claim checks use, so the comparison can tabulate them together.</summary>
public static class Verdict
{
    public const string Holds = "holds", DoesNotHold = "does not hold at this scale", NotRun = "not run";
}
