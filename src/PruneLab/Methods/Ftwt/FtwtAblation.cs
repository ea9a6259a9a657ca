namespace PruneLab.Methods.Ftwt;

/// <summary>
/// A target-rule ablation beside the paper's rule: the two decoupled runs at the main threshold, same schedule and seed,
/// each with its estimate before training, and the ablation's folder. <see cref="Reused"/>: the folder already held this
/// stamp's finished run, so nothing ran.
/// </summary>
public sealed record FtwtAblation(string Name, AblationStamp Stamp, string Folder, bool Reused, FtwtResult Paper, FtwtResult Ablated);
