namespace PruneLab.Runtime;

/// <summary>
/// The kit's per-user cache folder: <c>$PRUNELAB_CACHE</c>, else <c>$XDG_CACHE_HOME/prunelab</c>, else
/// <c>~/.cache/prunelab</c> (the temp folder where there is no home). Holds what is worth keeping between processes
/// on this machine and nothing that cannot be rebuilt: the TorchSharp wrapper's private copy, the convolution checks.
/// </summary>
public static class CacheFolder
{
    public const string Variable = "PRUNELAB_CACHE";

    public static string Root
    {
        get
        {
            var own = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrEmpty(own)) return Path.GetFullPath(own);
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var root = !string.IsNullOrEmpty(xdg) ? xdg : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache") : Path.GetTempPath();
            return Path.Combine(root, "prunelab");
        }
    }
}
