namespace PruneLab.Tests;

/// <summary>A fresh folder under the system temp directory, deleted afterwards.</summary>
public sealed class TempRunFolder : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "prunelab-test-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
