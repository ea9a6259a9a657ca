namespace PruneLab.Models;

/// <summary>
/// A conv whose output channels a method may cut, with everything that reads those channels.
/// Sites sharing a <see cref="CouplingGroup"/> are tied by residual adds: prune them together or not at all.
/// </summary>
public sealed record PrunableSite(
    int Index,
    string Name,
    int Channels,
    int OutHeight,
    int OutWidth,
    int CouplingGroup,
    IReadOnlyList<string> Consumers,
    IReadOnlyList<string> Norms,
    string Stage)
{
    /// <summary>Filled by <see cref="Architecture"/>: true when another site shares the coupling group.</summary>
    public bool IsCoupled { get; init; }
}
