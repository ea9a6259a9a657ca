using System.Globalization;

namespace PruneLab.Methods.MetaPruning;

/// <summary>
/// The scales a gene may take, as fractions of a layer's base width. MetaPruning's grid is 0.10 to 1.00 in steps of
/// 0.03 (31 choices); a gene stores the index of its choice, so PruningNet can keep one batch norm per choice.
/// </summary>
public sealed record WidthChoices
{
    public WidthChoices(double min = 0.10, double max = 1.00, double step = 0.03)
    {
        if (!(min > 0 && max <= 1 && min <= max && step > 0))
            throw new ArgumentException($"--choices {Describe(min, max, step)}: expected 0 < min <= max <= 1 and step > 0.");
        int count = (int)Math.Floor((max - min) / step + 1e-9) + 1;
        Scales = Enumerable.Range(0, count).Select(i => Math.Round(min + i * step, 6)).ToArray();
        (Min, Max, Step) = (min, max, step);
    }

    public static readonly WidthChoices Paper = new();

    public double Min { get; }
    public double Max { get; }
    public double Step { get; }
    public IReadOnlyList<double> Scales { get; }
    public int Count => Scales.Count;

    /// <summary>The channels a choice keeps of a base width (at least one).</summary>
    public int Channels(int baseWidth, int choice) => Math.Max(1, (int)Math.Round(baseWidth * Scales[choice]));

    /// <summary>Parses "min:max:step", e.g. "0.1:1:0.03".</summary>
    public static WidthChoices Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw new ArgumentException($"--choices '{text}': expected min:max:step, e.g. 0.1:1:0.03.");
        var v = parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new WidthChoices(v[0], v[1], v[2]);
    }

    public override string ToString() => Describe(Min, Max, Step);

    static string Describe(double min, double max, double step) => string.Create(CultureInfo.InvariantCulture, $"{min}:{max}:{step}");
}
