using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using PruneLab.Cli.Notebooks;
using PruneLab.Data;
using PruneLab.Training;

namespace PruneLab.Cli.Commands;

/// <summary>
/// `prunelab notebooks run|check`: execute notebooks headlessly (each in its own process, with a time limit) and
/// check their HTML exports in headless Chromium.
/// </summary>
internal static class NotebooksCommand
{
    public static Command Create()
    {
        var command = new Command("notebooks", "Run the notebooks without a kernel, and check their HTML exports in a browser");
        command.Subcommands.Add(Run());
        command.Subcommands.Add(Check());
        return command;
    }

    static Command Run()
    {
        var names = new Argument<string[]>("notebooks") { Description = "Names (00-tour) or paths; default: every notebook in notebooks/", Arity = ArgumentArity.ZeroOrMore };
        var profile = new Option<string?>("--profile") { Description = "smoke, quick or paper (default: the notebook's own)" };
        profile.AcceptOnlyFromAmong(NotebookRunner.Profiles);
        var set = new Option<string[]>("--set") { Description = "Override a parameter: name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "Folder for the executed notebooks and HTML exports (default results/notebooks/<profile>)" };
        var timeout = CommonOptions.Positive("--timeout", 60, "Minutes each notebook may run");
        var inProcess = new Option<bool>("--in-process") { Description = "Run in this process (used for the per-notebook child)", Hidden = true };
        var command = new Command("run", "Execute notebooks in order, writing executed .ipynb and offline .html") { names, profile, set, output, timeout, inProcess };
        command.SetAction(async p =>
        {
            var overrides = (p.GetValue(set) ?? []).Select(ParseOverride).ToList();
            var folder = p.GetValue(output) ?? Path.Combine("results", "notebooks", p.GetValue(profile) ?? "default");
            var notebooks = Resolve(p.GetValue(names) ?? []);
            if (p.GetValue(inProcess))
            {
                var one = await new NotebookRunner(KitPackages.OfThisProcess(), Console.Error).RunAsync(notebooks.Single(),
                    new NotebookRunOptions { Profile = p.GetValue(profile), Overrides = overrides, OutFolder = folder });
                if (!one.Succeeded) Console.Error.WriteLine("notebook failed: " + one.Failure);
                return one.Succeeded ? Cli.Ok : Cli.Failed;
            }
            var results = new List<object>();
            bool allPassed = true;
            foreach (var notebook in notebooks)
            {
                var (ok, seconds, message) = RunChild(notebook, p.GetValue(profile), p.GetValue(set) ?? [], folder, p.GetValue(timeout));
                allPassed &= ok;
                var name = Path.GetFileNameWithoutExtension(notebook);
                Console.WriteLine($"{name}: {(ok ? "ok" : "FAILED")} in {seconds:F0} s{(message is null ? "" : " - " + message)}");
                results.Add(new { notebook = name, succeeded = ok, seconds, failure = message, executed = Path.Combine(folder, name + ".ipynb"), html = Path.Combine(folder, name + ".html") });
            }
            AtomicFile.WriteJson(Path.Combine(folder, "notebooks.json"), new { profile = p.GetValue(profile), results });
            return allPassed ? Cli.Ok : Cli.Failed;
        });
        return command;
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

    static KeyValuePair<string, string> ParseOverride(string text)
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

    /// <summary>One notebook in a child process: a crash or a hang cannot take the others down.</summary>
    internal static (bool Ok, double Seconds, string? Message) RunChild(string notebook, string? profile, string[] sets, string folder, int timeoutMinutes)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        var entry = typeof(Cli).Assembly.Location;
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(entry);
        foreach (var a in new[] { "notebooks", "run", notebook, "--in-process", "--out", folder }) start.ArgumentList.Add(a);
        if (profile is not null) { start.ArgumentList.Add("--profile"); start.ArgumentList.Add(profile); }
        foreach (var s in sets) { start.ArgumentList.Add("--set"); start.ArgumentList.Add(s); }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        // Stopping the runner stops the notebook too (Ctrl+C reaches both; a plain kill of the parent would not).
        void Stop(PosixSignalContext _) { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onHangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
        if (!process.WaitForExit(TimeSpan.FromMinutes(timeoutMinutes)))
        {
            process.Kill(entireProcessTree: true);
            return (false, clock.Elapsed.TotalSeconds, $"stopped after the {timeoutMinutes}-minute limit (--timeout)");
        }
        return (process.ExitCode == 0, clock.Elapsed.TotalSeconds, process.ExitCode == 0 ? null : $"exit code {process.ExitCode}; see the output above and {Path.Combine(folder, Path.GetFileNameWithoutExtension(notebook) + ".ipynb")}");
    }
}
