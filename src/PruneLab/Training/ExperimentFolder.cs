using System.Text.Json;

namespace PruneLab.Training;

/// <summary>
/// A run folder's config.json / result.json pair: lets an experiment skip work it already finished with the same
/// configuration, and refuse to mix two configurations in one folder.
/// </summary>
public static class ExperimentFolder
{
    public const string ConfigFile = "config.json", ResultFile = "result.json";

    /// <summary>True when the folder's config.json was written for exactly this configuration (its "config" member).</summary>
    public static bool Matches(string folder, object config)
    {
        var path = Path.Combine(folder, ConfigFile);
        if (!File.Exists(path)) return false;
        using var stored = JsonDocument.Parse(File.ReadAllText(path));
        if (!stored.RootElement.TryGetProperty("config", out var storedConfig)) return false;
        var now = JsonSerializer.SerializeToElement(config, config.GetType(), AtomicFile.Json);
        return JsonSerializer.Serialize(storedConfig, AtomicFile.JsonLine) == JsonSerializer.Serialize(now, AtomicFile.JsonLine);
    }

    /// <summary>The finished result of this configuration in the folder, or null when it is missing or was another configuration.</summary>
    public static T? Finished<T>(string folder, object config) where T : class
    {
        var path = Path.Combine(folder, ResultFile);
        return File.Exists(path) && Matches(folder, config) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), AtomicFile.Json) : null;
    }
}
