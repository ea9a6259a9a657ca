using System.Globalization;

namespace PruneLab.Methods.MetaPruning;

/// <summary>
/// A FLOPs budget as the user writes it: a fraction of the dense network ("0.5", "50%") or an absolute count
/// ("1.2e8", "120M", "2G").
/// </summary>
public static class FlopsBudget
{
    public static long Parse(string text, long denseFlops)
    {
        var t = text.Trim();
        double scale = 1;
        bool percent = t.EndsWith('%');
        if (percent) t = t[..^1];
        else if (t.Length > 0 && char.ToUpperInvariant(t[^1]) is 'K' or 'M' or 'G')
        {
            scale = char.ToUpperInvariant(t[^1]) switch { 'K' => 1e3, 'M' => 1e6, _ => 1e9 };
            t = t[..^1];
        }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || !double.IsFinite(value))
            throw new ArgumentException($"--flops-budget '{text}': expected a fraction of the dense FLOPs (0.5, 50%) or a count (1.2e8, 120M).");
        if (percent) value /= 100;
        double flops = percent || (value <= 1 && scale == 1) ? value * denseFlops : value * scale;
        if (flops > denseFlops)
            throw new ArgumentException($"--flops-budget '{text}' is {flops:N0} FLOPs, above the dense network's {denseFlops:N0}: nothing to search.");
        return (long)Math.Floor(flops);
    }

    /// <summary>A short folder-friendly name of a budget as a share of the dense network, e.g. "flops50".</summary>
    public static string Label(long budget, long denseFlops) =>
        string.Create(CultureInfo.InvariantCulture, $"flops{Math.Round(100.0 * budget / denseFlops):0}");
}
