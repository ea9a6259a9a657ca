using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using PruneLab.Cli.Notebooks;
using PruneLab.Data;
using PruneLab.Training;

namespace PruneLab.Cli.Commands;

/// <summary>
/// `prunelab notebooks run|check`: execute notebooks headless in the pinned .NET Interactive kernel (each in a fresh
/// kernel, with a time limit) and check their HTML exports in headless Chromium.
/// </summary>
internal static class NotebooksCommand
{
    public static Command Create()
    {
        var command = new Command("notebooks", "Run the notebooks in the pinned .NET Interactive kernel, and check their HTML exports in a browser");
        command.Subcommands.Add(Run());
        command.Subcommands.Add(Check());
        return command;
    }

    static Command Run()
    {
        var names = new Argument<string[]>("notebooks") { Description = "Names (00-tour) or paths; default: every notebook in notebooks/", Arity = ArgumentArity.ZeroOrMore };
        var profile = new Option<string?>("--profile") { Description = "smoke, quick or paper (default: the notebook's own)" };
        profile.AcceptOnlyFromAmong([.. NotebookRunner.Profiles]);
        var set = new Option<string[]>("--set") { Description = "Override a parameter: name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "Folder for the executed notebooks and HTML exports (default results/notebooks/<profile>)" };
        var timeout = CommonOptions.Positive("--timeout", 60, "Minutes each notebook may run");
        var command = new Command("run", "Execute notebooks in the pinned .NET Interactive kernel, writing executed .ipynb and offline .html") { names, profile, set, output, timeout };
        command.SetAction(async p =>
        {
            var overrides = (p.GetValue(set) ?? []).Select(ParseOverride).ToList();
            var folder = p.GetValue(output) ?? Path.Combine("results", "notebooks", p.GetValue(profile) ?? "default");
            var notebooks = Resolve(p.GetValue(names) ?? []);
            var results = new List<object>();
            bool allPassed = true;
            foreach (var notebook in notebooks)
            {
                var run = await RunOne(notebook, new NotebookRunOptions
                {
                    Profile = p.GetValue(profile), Overrides = overrides, OutFolder = folder,
                    Timeout = TimeSpan.FromMinutes(p.GetValue(timeout)), Echo = Console.Out,
                });
                allPassed &= run.Succeeded;
                results.Add(new { notebook = run.Notebook, succeeded = run.Succeeded, seconds = Math.Round(run.Seconds, 1), failure = run.Failure, executed = run.ExecutedNotebook, html = run.Html });
            }
            AtomicFile.WriteJson(Path.Combine(folder, "notebooks.json"), new { profile = p.GetValue(profile), results });
            return allPassed ? Cli.Ok : Cli.Failed;
        });
        return command;
    }

    /// <summary>One notebook in its own kernel; Ctrl+C or SIGTERM stops the kernel with the runner. Prints one line.</summary>
    internal static async Task<NotebookRunResult> RunOne(string notebook, NotebookRunOptions options)
    {
        using var cancel = new CancellationTokenSource();
        void Stop(PosixSignalContext context) { context.Cancel = true; cancel.Cancel(); }
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onHangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
        NotebookRunResult run;
        try { run = await new NotebookRunner(Console.Error).RunAsync(notebook, options, cancel.Token); }
        catch (OperationCanceledException) { throw new OperationCanceledException($"{Path.GetFileName(notebook)}: interrupted"); }
        Console.WriteLine($"{run.Notebook}: {(run.Succeeded ? "ok" : "FAILED")} in {run.Seconds:F0} s" +
                          (run.Failure is null ? "" : $"\n  {run.Failure.Replace("\n", "\n  ")}\n  executed notebook: {run.ExecutedNotebook}"));
        return run;
    }

    static Command Check()
    {
        var files = new Argument<string[]>("html") { Description = "Exported notebook pages", Arity = ArgumentArity.OneOrMore };
        var screenshots = new Option<string?>("--screenshots") { Description = "Folder to save a PNG screenshot of each page" };
        var command = new Command("check", "Open exported pages in headless Chromium; fail unless every chart rendered without script errors") { files, screenshots };
        command.SetAction(p =>
        {
            bool allPassed = true;
            foreach (var html in p.GetValue(files)!)
            {
                if (!File.Exists(html)) throw new FileNotFoundException($"{html}: no such page");
                var shot = p.GetValue(screenshots) is { } dir ? Path.Combine(dir, Path.GetFileNameWithoutExtension(html) + ".png") : null;
                var check = HeadlessChromium.Check(html, shot);
                allPassed &= check.Passed;
                Console.WriteLine($"{html}: {check.ChartsRendered}/{check.ChartsExpected} charts rendered, {check.ScriptErrors.Count} script errors" +
                                  (check.ScriptErrors.Count > 0 ? ": " + string.Join("; ", check.ScriptErrors) : "") + (shot is null ? "" : $", screenshot {shot}"));
            }
            return allPassed ? Cli.Ok : Cli.Failed;
        });
        return command;
    }

    internal static KeyValuePair<string, string> ParseOverride(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"--set {text}: expected name=value");
        return new(text[..eq].Trim(), text[(eq + 1)..].Trim());
    }

    internal static List<string> Resolve(string[] names)
    {
        var folder = Path.Combine(DatasetLocator.FindRepoRoot() ?? Directory.GetCurrentDirectory(), "notebooks");
        if (names.Length == 0)
            return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal).ToList()
                : throw new FileNotFoundException($"{folder}: no notebooks folder");
        return names.Select(n =>
        {
            if (File.Exists(n)) return Path.GetFullPath(n);
            var inFolder = Path.Combine(folder, n.EndsWith(".ipynb", StringComparison.Ordinal) ? n : n + ".ipynb");
            return File.Exists(inFolder) ? inFolder : throw new FileNotFoundException($"notebook '{n}' not found (looked for {n} and {inFolder})");
        }).ToList();
    }
}
