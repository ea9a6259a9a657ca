using System.CommandLine;
using PruneLab.Cli.Commands;
using PruneLab.Data;
using PruneLab.Runtime;
using PruneLab.Training;

namespace PruneLab.Cli;

/// <summary>
/// The `prunelab` command: one verb per method's options. Exit codes: 0 ok, 1 the work failed (bad data file,
/// checkpoint, NaN loss), 2 the command line was wrong (unknown verb, bad or out-of-range option).
/// </summary>
public static class Cli
{
    public const int Ok = 0, Failed = 1, Usage = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("PruneLab: channel pruning research kit (L1-norm, MetaPruning, RNP/RNR, FTWT) on TorchSharp.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(FlopsCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(PruneCommand.Create());
        root.Subcommands.Add(SensitivityCommand.Create());
        root.Subcommands.Add(MetaCommand.Create());
        root.Subcommands.Add(RnpCommand.Create());
        root.Subcommands.Add(FtwtCommand.Create());
        root.Subcommands.Add(NotebooksCommand.Create());
        root.Subcommands.Add(ReproduceCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // An unknown verb also yields "required command was not provided"; the unrecognised token says more.
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            // One line, always: some parser messages list the allowed values one per line.
            var message = string.Join(" ", error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            stderr.WriteLine("prunelab: " + message + " (see prunelab --help)");
            return Usage;
        }
        try
        {
            NativeTorch.EnsureLoaded();
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            if (stdout is not null) config.Output = stdout;
            return await parse.InvokeAsync(config);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            stderr.WriteLine("prunelab: " + e.Message);
            return Usage;
        }
        catch (Exception e) when (e is DatasetFormatException or DatasetNotFoundException or CheckpointException
                                      or NonFiniteLossException or Notebooks.NotebookFormatException or TimeoutException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            stderr.WriteLine("prunelab: " + e.Message);
            return Failed;
        }
    }
}
