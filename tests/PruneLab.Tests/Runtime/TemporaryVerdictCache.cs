using PruneLab.Runtime;

namespace PruneLab.Tests.Runtime;

/// <summary>
/// The guard's verdicts kept in a fresh file of a temp folder for one test, so a test neither sees this machine's
/// cached checks nor adds to them; disposing restores the machine's cache and forgets injected verdicts' routes.
/// </summary>
sealed class TemporaryVerdictCache : IDisposable
{
    readonly TempRunFolder _folder = new();
    readonly IDisposable _use;

    public TemporaryVerdictCache()
    {
        Cache = new ConvVerdictCache(Path.Combine(_folder.Path, "verdicts.json"), "test key");
        _use = ConvolutionGuard.UseVerdictCacheForTest(Cache);
    }

    public ConvVerdictCache Cache { get; }

    public void Dispose()
    {
        _use.Dispose();
        _folder.Dispose();
    }
}
