namespace PruneLab.Runtime;

/// <summary>
/// The processor model as /proc/cpuinfo names it (the first processor's entry), down to the stepping: the oneDNN faults
/// the convolution guard checks for were seen on one AMD EPYC model and not on another, so checks are only reused on
/// the same model. AVX-512 is part of it because a hypervisor can hide it, and oneDNN then runs other kernels.
/// </summary>
internal sealed record CpuIdentity(string Vendor, string Family, string Model, string Stepping, string ModelName, bool Avx512)
{
    /// <summary>This machine's, or null where there is no /proc/cpuinfo to read (checks then last one process).</summary>
    public static CpuIdentity? Current { get; } = ReadCurrent();

    public override string ToString() =>
        $"{Vendor} family {Family} model {Model} stepping {Stepping}, {ModelName}{(Avx512 ? ", avx512" : "")}";

    /// <summary>Reads cpuinfo text: x86's vendor_id/cpu family/model/stepping, or ARM's CPU implementer/part/variant/revision.</summary>
    public static CpuIdentity? Parse(string cpuinfo)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in cpuinfo.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                if (fields.Count > 0) break; // the first processor's entry only
                continue;
            }
            var parts = line.Split(':', 2);
            if (parts.Length == 2) fields.TryAdd(parts[0].Trim(), parts[1].Trim());
        }
        string Field(params string[] names) => names.Select(n => fields.GetValueOrDefault(n)).FirstOrDefault(v => v is not null) ?? "";
        var vendor = Field("vendor_id", "CPU implementer");
        if (vendor.Length == 0) return null;
        var flags = Field("flags", "Features").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new CpuIdentity(vendor, Field("cpu family", "CPU architecture"), Field("model", "CPU part"),
            Field("stepping", "CPU variant") + (fields.TryGetValue("CPU revision", out var revision) ? "/" + revision : ""),
            Field("model name"), flags.Contains("avx512f"));
    }

    static CpuIdentity? ReadCurrent()
    {
        try { return File.Exists("/proc/cpuinfo") ? Parse(File.ReadAllText("/proc/cpuinfo")) : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
