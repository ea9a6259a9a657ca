namespace PruneLab.Tests.Data;

/// <summary>A unique folder under the system temp path, deleted on dispose.</summary>
sealed class TempFolder : IDisposable
{
    public TempFolder(string tag = "data")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"prunelab-test-{tag}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Sub(string name)
    {
        var sub = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(sub);
        return sub;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { } // a leftover temp folder must not fail a test
    }
}
