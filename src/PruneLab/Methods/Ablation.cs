using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PruneLab.Notebooks;
using PruneLab.Runtime;

namespace PruneLab.Methods;

/// <summary>
/// What identifies an ablation's code in a run's config.json: its name, a hash of its source and the kit build. A run
/// folder holding another stamp is re-run, never reused: editing the cell, or rebuilding the kit, recomputes.
/// </summary>
public sealed record AblationStamp(string Name, string Source, string Kit);

/// <summary>
/// A piece of a paper's algorithm replaced by the reader's own C# (a filter score, a mutation, a reward, a target
/// rule), passed to the method as a delegate. Made in a notebook cell with <see cref="Ablation.Of"/>.
/// </summary>
public sealed class Ablation<T>(string name, T code, AblationStamp stamp) where T : Delegate
{
    public string Name { get; } = name;
    public T Code { get; } = code;
    public AblationStamp Stamp { get; } = stamp;

    /// <summary>The run folder's name: one per name and source, so two versions of the cell do not overwrite each other.</summary>
    public string Folder => Ablation.FolderOf(Stamp);

    public override string ToString() => $"{Name} (source {Stamp.Source[..10]}, kit {Stamp.Kit[..10]})";
}

public static partial class Ablation
{
    /// <summary>
    /// An ablation named <paramref name="name"/> running <paramref name="code"/>. Its source hash covers the whole cell
    /// that makes it when run in a notebook kernel (helpers defined beside the lambda count), else the lambda's own text.
    /// </summary>
    public static Ablation<T> Of<T>(string name, T code, [CallerArgumentExpression(nameof(code))] string expression = "") where T : Delegate
    {
        ArgumentNullException.ThrowIfNull(code);
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("an ablation needs a name (it names its run folder)", nameof(name));
        var source = CellSource.Current() ?? expression;
        return new Ablation<T>(name, code, new AblationStamp(name, Hash(source), KitBuild.Id));
    }

    public static string FolderOf(AblationStamp stamp) => $"ablation-{Slug().Replace(stamp.Name.ToLowerInvariant(), "-").Trim('-')}-{stamp.Source[..10]}";

    /// <summary>SHA-256 of the source with line endings and trailing spaces normalised (an editor's re-save is not an edit).</summary>
    public static string Hash(string source)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines).Trim('\n')))).ToLowerInvariant();
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Slug();
}
