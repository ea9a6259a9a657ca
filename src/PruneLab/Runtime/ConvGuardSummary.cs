namespace PruneLab.Runtime;

/// <summary>What <see cref="ConvolutionGuard"/> knows about this machine, for reports and benchmarks.</summary>
/// <param name="ForwardChecked">Geometries whose forward pass was checked (by any process on this machine kind).</param>
/// <param name="ForwardFailed">Of those, how many oneDNN got wrong.</param>
/// <param name="CheckedHere">Checks run by this process (the rest came from the cache).</param>
public sealed record ConvGuardSummary(
    string Backend, int ForwardChecked, int ForwardFailed, int BackwardChecked, int BackwardFailed, int CheckedHere,
    string? CachePath, string CacheKey)
{
    public override string ToString() =>
        $"convolution guard {Backend}: {ForwardChecked} geometries checked forward ({ForwardFailed} wrong on oneDNN), " +
        $"{BackwardChecked} backward ({BackwardFailed} wrong), {CheckedHere} checked by this process; " +
        $"verdicts in {CachePath ?? "memory only"} for {CacheKey}";
}
