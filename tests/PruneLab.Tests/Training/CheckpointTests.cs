using PruneLab.Models;
using PruneLab.Training;
using static TorchSharp.torch;

namespace PruneLab.Tests.Training;

public class CheckpointTests
{
    [Fact]
    public void Should_Rebuild_A_Narrowed_Network_From_The_File_Alone()
    {
        using var folder = new TempRunFolder();
        var spec = ModelCatalog.DefaultSpec("resnet20");
        var widths = spec.Widths.ToArray();
        widths[1] = 3; // a pruned-looking block
        using var model = ModelCatalog.Create(spec.WithWidths(widths));
        model.eval();
        var path = Path.Combine(folder.Path, "m.ckpt");
        Checkpoint.Save(path, model, new CheckpointHeader { Spec = model.Spec, Epoch = 4 });

        var (loaded, header) = Checkpoint.Load(path);
        using var _ = loaded;
        loaded.eval();
        Assert.Equal(4, header.Epoch);
        Assert.Equal(widths, loaded.Spec.Widths);
        using var x = randn(2, 3, 32, 32);
        using var noGrad = no_grad();
        Assert.True(model.call(x).allclose(loaded.call(x), 0, 0));
    }

    [Fact]
    public void Should_Refuse_A_Checkpoint_Of_Another_Architecture_Naming_Both()
    {
        using var folder = new TempRunFolder();
        using var vgg = ModelCatalog.Create(ModelCatalog.DefaultSpec("vgg16", width: 0.125));
        var path = Path.Combine(folder.Path, "vgg.ckpt");
        Checkpoint.Save(path, vgg, new CheckpointHeader { Spec = vgg.Spec });
        using var resnet = ModelCatalog.Create(ModelCatalog.DefaultSpec("resnet20"));
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadInto(path, resnet));
        Assert.Contains("vgg16", e.Message);
        Assert.Contains("resnet20", e.Message);
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void Should_Reject_A_File_That_Is_Not_A_Checkpoint()
    {
        using var folder = new TempRunFolder();
        var path = Path.Combine(folder.Path, "junk.ckpt");
        File.WriteAllBytes(path, new byte[100]);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
        Assert.Contains("not a PruneLab checkpoint", e.Message);
    }

    [Fact]
    public void Should_Reject_A_Truncated_Checkpoint()
    {
        using var folder = new TempRunFolder();
        using var model = ModelCatalog.Create(ModelCatalog.DefaultSpec("resnet20"));
        var path = Path.Combine(folder.Path, "cut.ckpt");
        Checkpoint.Save(path, model, new CheckpointHeader { Spec = model.Spec });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
        Assert.Contains("cut.ckpt", e.Message);
    }

    [Fact]
    public void Should_Leave_No_Temporary_File_Behind()
    {
        using var folder = new TempRunFolder();
        using var model = ModelCatalog.Create(ModelCatalog.DefaultSpec("resnet20"));
        Checkpoint.Save(Path.Combine(folder.Path, "a.ckpt"), model, new CheckpointHeader { Spec = model.Spec });
        Assert.Equal(["a.ckpt"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }
}
