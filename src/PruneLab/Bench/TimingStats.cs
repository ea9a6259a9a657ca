namespace PruneLab.Bench;

/// <summary>
/// The median and the interquartile range of repeated measurements (ms per call or item, or a ratio of two engines
/// timed in the same passes): the median is what the bench reports, the quartiles say how far it can be trusted.
/// </summary>
public sealed record TimingStats(double Median, double Q1, double Q3, int Samples)
{
    public double Iqr => Q3 - Q1;

    public static TimingStats Of(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("no samples to summarise.");
        var sorted = samples.Order().ToArray();
        return new TimingStats(Quantile(sorted, 0.5), Quantile(sorted, 0.25), Quantile(sorted, 0.75), sorted.Length);
    }

    /// <summary>Pass-by-pass ratios <paramref name="numerator"/>[i] / <paramref name="denominator"/>[i] (paired: the same pass shared the machine's state).</summary>
    public static TimingStats Ratio(IReadOnlyList<double> numerator, IReadOnlyList<double> denominator)
    {
        if (numerator.Count != denominator.Count) throw new ArgumentException("ratios need the same passes on both sides.");
        return Of(numerator.Select((n, i) => n / denominator[i]).ToArray());
    }

    /// <summary>Linear interpolation between the closest ranks (the usual "type 7" quantile).</summary>
    static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
