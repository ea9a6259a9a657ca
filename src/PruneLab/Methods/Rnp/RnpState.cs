namespace PruneLab.Methods.Rnp;

/// <summary>What a routing run has finished so far (state.json): alpha and the completed phases, in order.</summary>
public sealed record RnpState(double Alpha, IReadOnlyList<RnpPhase> Phases);
