using System.Text;
using System.Text.Json;
using PruneLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PruneLab.Training;

/// <summary>What a checkpoint says about itself; the architecture travels with the weights.</summary>
public sealed record CheckpointHeader
{
    public required ModelSpec Spec { get; init; }
    /// <summary>Epochs completed when this was written.</summary>
    public int Epoch { get; init; }
    public int Seed { get; init; }
    public double BestAccuracy { get; init; }
    public int BestEpoch { get; init; }
    public bool HasOptimizer { get; init; }
    public IReadOnlyList<EpochMetrics> History { get; init; } = [];
    /// <summary>Free-form notes a method may add (plan name, parent checkpoint...).</summary>
    public Dictionary<string, string> Notes { get; init; } = [];
}

/// <summary>
/// One file = magic + JSON header (model spec, epoch, history) + weights (+ optimizer state). Written atomically.
/// Because the spec is inside, a pruned network reloads with no code change, and a mismatch is a clear error.
/// </summary>
public static class Checkpoint
{
    static readonly byte[] Magic = "PRUNELAB-CKPT-1\n"u8.ToArray();

    public static void Save(string path, PrunableNet model, CheckpointHeader header, optim.Optimizer? optimizer = null)
    {
        var full = header with { Spec = model.Spec, HasOptimizer = optimizer is not null };
        AtomicFile.Write(path, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            var json = JsonSerializer.SerializeToUtf8Bytes(full, AtomicFile.Json);
            w.Write(json.Length);
            w.Write(json);
            model.save(w);
            if (optimizer is not null) ((OptimizerHelper)optimizer).save_state_dict(w);
        });
    }

    public static CheckpointHeader ReadHeader(string path)
    {
        using var r = Open(path);
        return ReadHeader(r, path);
    }

    /// <summary>Builds the network the checkpoint describes and loads its weights.</summary>
    public static (PrunableNet Model, CheckpointHeader Header) Load(string path, Device? device = null)
    {
        using var r = Open(path);
        var header = ReadHeader(r, path);
        var model = ModelCatalog.Create(header.Spec);
        LoadWeights(r, path, model);
        if (device is not null) model.to(device);
        return (model, header);
    }

    /// <summary>Loads into an existing network (and optimizer), refusing a checkpoint of another architecture.</summary>
    public static CheckpointHeader LoadInto(string path, PrunableNet model, optim.Optimizer? optimizer = null)
    {
        using var r = Open(path);
        var header = ReadHeader(r, path);
        if (!header.Spec.SameArchitectureAs(model.Spec))
            throw new CheckpointException(path, $"it holds {header.Spec}, but the model is {model.Spec}.");
        LoadWeights(r, path, model);
        if (optimizer is not null && header.HasOptimizer) ((OptimizerHelper)optimizer).load_state_dict(r);
        return header;
    }

    static BinaryReader Open(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException(path, "the file does not exist.");
        return new BinaryReader(File.OpenRead(path), Encoding.UTF8);
    }

    static CheckpointHeader ReadHeader(BinaryReader r, string path)
    {
        try
        {
            var magic = r.ReadBytes(Magic.Length);
            if (!magic.SequenceEqual(Magic))
                throw new CheckpointException(path, "not a PruneLab checkpoint (expected it to start with \"PRUNELAB-CKPT-1\").");
            int length = r.ReadInt32();
            if (length <= 0 || length > 64 << 20) throw new CheckpointException(path, $"corrupt header length {length}.");
            return JsonSerializer.Deserialize<CheckpointHeader>(r.ReadBytes(length), AtomicFile.Json)
                   ?? throw new CheckpointException(path, "empty header.");
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException)
        {
            throw new CheckpointException(path, "truncated or corrupt header: " + e.Message);
        }
    }

    static void LoadWeights(BinaryReader r, string path, PrunableNet model)
    {
        try { model.load(r); }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException(path, "its weights do not fit the architecture in its header (truncated or corrupt): " + e.Message);
        }
    }
}

public sealed class CheckpointException(string path, string problem) : Exception($"{path}: {problem}")
{
    public string FilePath { get; } = path;
}
