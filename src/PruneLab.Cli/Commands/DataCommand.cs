using System.CommandLine;
using PruneLab.Data;

namespace PruneLab.Cli.Commands;

/// <summary>`prunelab data import cifar10 PATH`: unpacks and checks the official binary CIFAR-10. Never downloads.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("dataset") { Description = "cifar10" };
        name.AcceptOnlyFromAmong("cifar10");
        var source = new Argument<string>("path") { Description = "cifar-10-binary.tar.gz, or a folder holding data_batch_1..5.bin and test_batch.bin" };
        var dest = new Option<string?>("--dest") { Description = "Where to put the files (default: data/cifar10 in the repository)" };
        var import = new Command("import", "Import a dataset you already have into the kit's data folder") { name, source, dest };
        import.SetAction(p =>
        {
            var destination = p.GetValue(dest) ?? Path.Combine(DatasetLocator.FindRepoRoot() ?? ".", "data", "cifar10");
            var files = CifarArchive.Import(p.GetValue(source)!, destination);
            Console.WriteLine($"imported {files.Count} files into {Path.GetFullPath(destination)}");
            return Cli.Ok;
        });
        return new Command("data", "Dataset utilities") { import };
    }
}
