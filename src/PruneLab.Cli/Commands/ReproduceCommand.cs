using System.CommandLine;
using System.Text.Json;
using PruneLab.Cli.Notebooks;
using PruneLab.Comparison;
using PruneLab.Data;
using PruneLab.Notebooks;
using PruneLab.Runtime;
using PruneLab.Training;

namespace PruneLab.Cli.Commands;

/// <summary>
/// `prunelab reproduce`: the notebooks in order (the tour, each paper's, the comparison), each in the pinned kernel
/// (<see cref="NotebookRunner"/>), then results/report.html and results/summary.md. A notebook whose executed page is newer than its source and the
/// kit, from a successful run of the same profile, is skipped; each notebook's experiments skip what is finished and
/// resume what was cut, so an interrupted reproduction continues. --force re-executes the notebooks and redoes the
/// selected papers' experiments.
/// </summary>
internal static class ReproduceCommand
{
    /// <summary>Paper keys for --only, with their notebook; the tour and the comparison always run.</summary>
    static readonly (string Key, string Notebook, string? Results)[] Steps =
    [
        ("tour", "00-tour", null), ("l1", "01-l1-filter-pruning", "l1"), ("metapruning", "02-metapruning", "metapruning"),
        ("rnp", "03-runtime-neural-pruning", "rnp"), ("ftwt", "04-fire-together-wire-together", "ftwt"), ("comparison", "05-comparison", "comparison"),
    ];

    public static Command Create()
    {
        var profile = CommonOptions.Profile();
        var only = new Option<string[]>("--only") { Description = "Only these papers: l1, metapruning, rnp, ftwt (repeatable; the tour and the comparison always run)" };
        only.AcceptOnlyFromAmong("l1", "metapruning", "rnp", "ftwt");
        var force = new Option<bool>("--force") { Description = "Re-execute every notebook and redo the selected papers' experiments (the shared baseline stays)" };
        var timeout = CommonOptions.Positive("--timeout", 240, "Minutes each notebook may run");
        var set = new Option<string[]>("--set") { Description = "Override a notebook parameter in every notebook that has it: name=value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("reproduce", "Run the notebooks in order, then write results/report.html and results/summary.md") { profile, only, force, timeout, set };
        command.SetAction(async p =>
        {
            var name = p.GetValue(profile)!;
            var selected = p.GetValue(only) is { Length: > 0 } o ? o.ToHashSet() : null;
            var root = DatasetLocator.FindRepoRoot() ?? Directory.GetCurrentDirectory();
            var results = Path.Combine(root, "results");
            var folder = Path.Combine(results, "notebooks", name);
            var kit = typeof(ResultCollector).Assembly.Location;
            var overrides = (p.GetValue(set) ?? []).Select(NotebooksCommand.ParseOverride).ToList();
            var steps = Steps.Where(s => selected is null || s.Key is "tour" or "comparison" || selected.Contains(s.Key)).ToArray();
            bool allPassed = true, tourFailed = false;
            foreach (var (key, notebook, paperResults) in steps)
            {
                var source = NotebooksCommand.Resolve([notebook]).Single();
                if (p.GetValue(force))
                {
                    if (paperResults is not null && key != "comparison" && Directory.Exists(Path.Combine(results, paperResults, name)))
                        Directory.Delete(Path.Combine(results, paperResults, name), recursive: true);
                }
                else if (UpToDate(folder, notebook, name, source, kit))
                {
                    Console.WriteLine($"{notebook}: up to date, skipped ({Path.Combine(folder, notebook + ".html")})");
                    continue;
                }
                var run = await NotebooksCommand.RunOne(source, new NotebookRunOptions
                {
                    Profile = name, Overrides = overrides, SkipUndeclared = true, OutFolder = folder,
                    Timeout = TimeSpan.FromMinutes(p.GetValue(timeout)), Echo = Console.Out,
                });
                var ok = run.Succeeded;
                Stamp(folder, notebook, name, ok, run.Seconds);
                allPassed &= ok;
                if (!ok && key == "tour") { tourFailed = true; break; }
            }
            if (tourFailed)
            {
                // Without the shared baseline no paper can run and there is nothing to compare.
                Console.Error.WriteLine($"prunelab: no report written: the tour did not train the {name} profile's baseline (its error is above; executed notebook in {folder})");
                return Cli.Failed;
            }
            var comparisonFile = Path.Combine(results, "comparison", name, MethodComparison.ComparisonFile);
            var comparison = File.Exists(comparisonFile)
                ? JsonSerializer.Deserialize<MethodComparison>(File.ReadAllText(comparisonFile), AtomicFile.Json)!
                : ResultCollector.Collect(name, results);
            var report = ComparisonReport.Write(comparison, results, folder, RunEnvironment.Hardware());
            Console.WriteLine($"report: {report}; tables: {Path.Combine(results, ComparisonReport.Files(name).Summary)}" +
                              (comparison.Missing.Count > 0 ? $"; not run: {string.Join(", ", comparison.Missing)}" : ""));
            return allPassed ? Cli.Ok : Cli.Failed;
        });
        return command;
    }

    const string StampFile = "reproduce.json";

    sealed record StampEntry(string Profile, bool Succeeded, double Seconds, DateTime FinishedUtc);

    static Dictionary<string, StampEntry> ReadStamps(string folder)
    {
        var path = Path.Combine(folder, StampFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, StampEntry>>(File.ReadAllText(path), AtomicFile.Json) ?? [] : [];
    }

    static void Stamp(string folder, string notebook, string profile, bool ok, double seconds)
    {
        Directory.CreateDirectory(folder);
        var stamps = ReadStamps(folder);
        stamps[notebook] = new StampEntry(profile, ok, seconds, DateTime.UtcNow);
        AtomicFile.WriteJson(Path.Combine(folder, StampFile), stamps);
    }

    /// <summary>Executed successfully for this profile after the notebook and the kit last changed.</summary>
    static bool UpToDate(string folder, string notebook, string profile, string source, string kit)
    {
        var html = Path.Combine(folder, notebook + ".html");
        if (!File.Exists(html) || !ReadStamps(folder).TryGetValue(notebook, out var stamp) || !stamp.Succeeded || stamp.Profile != profile) return false;
        var done = File.GetLastWriteTimeUtc(html);
        return done >= File.GetLastWriteTimeUtc(source) && done >= File.GetLastWriteTimeUtc(kit);
    }
}
