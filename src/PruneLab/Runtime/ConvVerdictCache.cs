using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PruneLab.Training;

namespace PruneLab.Runtime;

/// <summary>What the check of one geometry found: null where that direction has not been checked.</summary>
internal readonly record struct ConvVerdict(bool? Forward, bool? Backward)
{
    /// <summary>Field by field; a failure wins over a pass, since some faults are intermittent and a pass proves less.</summary>
    public static ConvVerdict Merge(ConvVerdict a, ConvVerdict b) => new(Merge(a.Forward, b.Forward), Merge(a.Backward, b.Backward));

    static bool? Merge(bool? a, bool? b) => a == false || b == false ? false : a ?? b;
}

/// <summary>
/// The convolution checks of one machine kind (<see cref="Key"/>: CPU model and libtorch build), kept in one JSON file
/// so each geometry is checked once per machine, not once per process. Read lazily, once; written atomically, at most
/// every few seconds and at exit. Processes that share the file merge what they read before writing (a failure
/// recorded by any of them stays). A file that cannot be read is ignored with a warning and rewritten.
/// </summary>
internal sealed class ConvVerdictCache
{
    static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(3);

    readonly object _gate = new();
    readonly Dictionary<string, ConvVerdict> _verdicts = new(StringComparer.Ordinal);
    bool _loaded, _dirty, _warnedUnwritable;
    long _lastWrite;
    int _checkedHere;

    /// <param name="path">The JSON file, or null to keep verdicts for this process only.</param>
    public ConvVerdictCache(string? path, string key) => (Path, Key) = (path, key);

    public string? Path { get; }
    public string Key { get; }

    /// <summary>This machine's cache, in <see cref="CacheFolder"/>; memory only where the CPU cannot be identified.</summary>
    public static ConvVerdictCache ForThisMachine()
    {
        var cpu = CpuIdentity.Current;
        var key = $"{cpu?.ToString() ?? "unidentified CPU"} | {LibTorchIdentity.Current}";
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant();
        var path = cpu is null ? null : System.IO.Path.Combine(CacheFolder.Root, "conv-verdicts", hash + ".json");
        var cache = new ConvVerdictCache(path, key);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cache.Flush();
        return cache;
    }

    public ConvVerdict Get(ConvGeometry geometry)
    {
        lock (_gate)
        {
            Load();
            return _verdicts.GetValueOrDefault(geometry.CacheId);
        }
    }

    /// <summary>Adds what a check found (null: not checked); written now if the last write is a few seconds old.</summary>
    public void Record(ConvGeometry geometry, ConvVerdict found)
    {
        lock (_gate)
        {
            Load();
            var id = geometry.CacheId;
            _verdicts[id] = ConvVerdict.Merge(_verdicts.GetValueOrDefault(id), found);
            _dirty = true;
            _checkedHere++;
            if (_lastWrite == 0 || Stopwatch.GetElapsedTime(_lastWrite) >= WriteInterval) Flush();
        }
    }

    /// <summary>Merges the file's verdicts with ours and writes the union, if anything new is waiting.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (!_dirty || Path is null) return;
            try
            {
                var merged = new Dictionary<string, ConvVerdict>(_verdicts, StringComparer.Ordinal);
                if (ReadFile(out _) is { } onDisk)
                    foreach (var (id, verdict) in onDisk)
                    {
                        merged[id] = ConvVerdict.Merge(merged.GetValueOrDefault(id), verdict);
                        Adopt(id, verdict);
                    }
                var file = new VerdictFile(Key, merged.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .ToDictionary(p => p.Key, p => new StoredVerdict(p.Value.Forward, p.Value.Backward)));
                AtomicFile.WriteJson(Path, file);
                _dirty = false;
                _lastWrite = Stopwatch.GetTimestamp();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (!_warnedUnwritable) Console.Error.WriteLine($"prunelab: cannot write the convolution checks to {Path} ({e.Message}); they are kept for this process only.");
                _warnedUnwritable = true;
                _lastWrite = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>For reports: geometries checked forward and backward, how many failed, and how many this process checked.</summary>
    public (int Forward, int ForwardFailed, int Backward, int BackwardFailed, int CheckedHere) Counts()
    {
        lock (_gate)
        {
            Load();
            var all = _verdicts.Values;
            return (all.Count(v => v.Forward is not null), all.Count(v => v.Forward == false),
                all.Count(v => v.Backward is not null), all.Count(v => v.Backward == false), _checkedHere);
        }
    }

    void Load()
    {
        if (_loaded) return;
        _loaded = true;
        if (Path is null || !File.Exists(Path)) return;
        if (ReadFile(out var reason) is { } onDisk)
            foreach (var (id, verdict) in onDisk) _verdicts[id] = verdict;
        else
        {
            Console.Error.WriteLine($"prunelab: ignoring the convolution check cache {Path} ({reason}); it will be rewritten.");
            _dirty = true;
        }
    }

    /// <summary>Takes a verdict from the file only where we know nothing: routes already chosen by this process stay valid.</summary>
    void Adopt(string id, ConvVerdict fromFile)
    {
        var ours = _verdicts.GetValueOrDefault(id);
        _verdicts[id] = new ConvVerdict(ours.Forward ?? fromFile.Forward, ours.Backward ?? fromFile.Backward);
    }

    /// <summary>The file's verdicts; null (and why) when it is missing, unreadable or made for another key.</summary>
    Dictionary<string, ConvVerdict>? ReadFile(out string reason)
    {
        reason = "";
        try
        {
            if (!File.Exists(Path)) { reason = "missing"; return null; }
            var file = JsonSerializer.Deserialize<VerdictFile>(File.ReadAllText(Path!), AtomicFile.Json);
            if (file?.Verdicts is null) { reason = "no verdicts in it"; return null; }
            if (file.Key != Key) { reason = $"made for '{file.Key}'"; return null; }
            return file.Verdicts.ToDictionary(p => p.Key, p => new ConvVerdict(p.Value.Forward, p.Value.Backward), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            reason = e.Message.Split('\n')[0];
            return null;
        }
    }

    sealed record VerdictFile(string Key, Dictionary<string, StoredVerdict> Verdicts);

    sealed record StoredVerdict(bool? Forward, bool? Backward);
}
