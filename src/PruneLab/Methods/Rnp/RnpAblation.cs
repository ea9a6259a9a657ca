namespace PruneLab.Methods.Rnp;

/// <summary>
/// A reward ablation beside the paper's reward: the two routing runs at the main penalty, same schedule and seeds, and
/// the ablation's folder. <see cref="Reused"/>: the folder already held this stamp's finished run, so nothing ran.
/// </summary>
public sealed record RnpAblation(string Name, AblationStamp Stamp, string Folder, bool Reused, RnpResult Paper, RnpResult Ablated);
