namespace PruneLab.Runtime;

/// <summary>
/// The order in which TorchSharp's wrapper is tried, each step only when the one before failed for a reason it cures:
/// the shipped file; a private copy beside links to libtorch, when libtorch sits in another folder (NuGet's package
/// layout, as a notebook's <c>#r "nuget:"</c> has it; the loader then cannot find libtorch.so); a private copy whose
/// <see cref="MissingVersion"/> requirement is marked weak, when this machine's libstdc++ lacks it (Debian 12). What a
/// machine needs is decided by trying, on that machine; a machine that loads the original gets no copy.
/// </summary>
static class WrapperLoader
{
    public const string MissingVersion = "GLIBCXX_3.4.32";

    /// <param name="load">Loads a library by path (NativeLibrary.Load); throws DllNotFoundException with the loader's reason.</param>
    /// <param name="privateCopy">Makes the private copy: (original, libtorch folder, version to weaken or null) to its path.</param>
    public static (IntPtr Handle, string Status) Load(string original, string? libTorchDir,
        Func<string, IntPtr> load, Func<string, string?, string?, string> privateCopy)
    {
        DllNotFoundException first;
        try { return (load(original), "original"); }
        catch (DllNotFoundException e) { first = e; }

        var separate = libTorchDir is not null && !SameFolder(libTorchDir, Path.GetDirectoryName(original)!);
        var weaken = first.Message.Contains(MissingVersion, StringComparison.Ordinal);
        if (!separate && !weaken)
            throw new DllNotFoundException($"TorchSharp's native wrapper {original} does not load, for a reason the kit cannot repair " +
                                           $"(libtorch {(libTorchDir is null ? "not found" : "in " + libTorchDir)}): {first.Message}", first);
        if (separate && !weaken)
        {
            var linked = privateCopy(original, libTorchDir, null);
            try { return (load(linked), $"private copy at {linked} (libtorch linked beside it)"); }
            catch (DllNotFoundException e) when (e.Message.Contains(MissingVersion, StringComparison.Ordinal)) { }
        }
        var patched = privateCopy(original, libTorchDir, MissingVersion);
        return (load(patched), $"patched copy at {patched} ({MissingVersion} marked weak{(separate ? "; libtorch linked beside it" : "")})");
    }

    static bool SameFolder(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd('/'), Path.GetFullPath(b).TrimEnd('/'), StringComparison.Ordinal);
}
