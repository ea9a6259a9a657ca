using System.Diagnostics;
using System.Text.Json.Nodes;
using PruneLab.Data;
using PruneLab.Notebooks;
using PruneLab.Training;

namespace PruneLab.Cli.Notebooks;

public sealed record NotebookRunOptions
{
    /// <summary>smoke, quick or paper; null keeps the notebook's own value.</summary>
    public string? Profile { get; init; }
    /// <summary>Parameter overrides, name to value (C# literal, or a bare word taken as a string; "@expr" is raw C#).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Overrides { get; init; } = [];
    /// <summary>Drop overrides the notebook's parameters cell does not declare (reproduce: one --set for all notebooks).</summary>
    public bool SkipUndeclared { get; init; }
    public required string OutFolder { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(4);
    /// <summary>Where the cells' standard output and error are echoed while they run (null: nowhere).</summary>
    public TextWriter? Echo { get; init; }
}

public sealed record NotebookRunResult(string Notebook, bool Succeeded, string? Failure, string ExecutedNotebook, string Html, double Seconds, int CellsRun);

/// <summary>
/// Runs a notebook in the stock .NET Interactive kernel (<see cref="PinnedKernel"/>), as VS Code's "Run All" does: one
/// submission per code cell, in order, in one fresh kernel; the profile and --set values in papermill's injected cell
/// after the parameters cell; outputs as VS Code records them (<see cref="CellOutputs"/>). The first failing cell stops
/// the run. Leaves the executed notebook (nbformat 4.5, cell ids, execution counts; rewritten as cells finish) and one
/// offline HTML page.
/// </summary>
public sealed class NotebookRunner(TextWriter log)
{
    public const string ParametersTag = ParameterInjection.ParametersTag;
    public static IReadOnlyList<string> Profiles => RunProfile.Names;

    static readonly TimeSpan KernelStart = TimeSpan.FromMinutes(3);
    static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(2);

    public async Task<NotebookRunResult> RunAsync(string notebookPath, NotebookRunOptions options, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var source = NotebookDocument.Load(notebookPath);
        var executedPath = Path.Combine(options.OutFolder, source.Name + ".ipynb");
        var htmlPath = Path.Combine(options.OutFolder, source.Name + ".html");
        var doc = source.Copy(executedPath);
        doc.EnsureCellIds();
        foreach (var cell in doc.Cells) cell.ClearOutputs();
        var injected = Inject(doc, options);
        var repoRoot = DatasetLocator.FindRepoRoot()
            ?? throw new InvalidOperationException("the kit's repository (Research.sln) was not found above the prunelab binary or the working folder");
        doc.Metadata["prunelab"] = new JsonObject
        {
            ["kernel"] = $"{PinnedKernel.Package} {PinnedKernel.Version(repoRoot)} (stdio)",
            ["profile"] = options.Profile, ["started"] = DateTime.UtcNow.ToString("O"),
        };
        Save(doc);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(options.Timeout);
        int executed = 0;
        string? failure = null;
        var folder = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        try
        {
            await using var kernel = await KernelSession.StartAsync(PinnedKernel.StartInfo(repoRoot, folder), KernelStart, limit.Token);
            using var stop = limit.Token.Register(kernel.Kill);
            foreach (var cell in doc.Cells.Where(c => c.IsCode).ToList())
            {
                var name = cell == injected ? "the injected parameters" : $"cell {cell.Number}";
                cell.ExecutionCount = ++executed;
                log.WriteLine($"[{source.Name}] {name} ({executed})");
                failure = await RunCell(kernel, doc, cell, executed, options.Echo, limit.Token) is { } f ? f.Describe(source.Name, name) : null;
                Save(doc);
                if (failure is not null) break;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            failure = $"{source.Name}: stopped after the {options.Timeout.TotalMinutes:F0}-minute limit (--timeout)";
        }
        catch (Exception e) when ((e is InvalidOperationException or TimeoutException) && failure is null)
        {
            failure = $"{source.Name}: {e.Message}";
        }
        doc.Metadata["prunelab"]!["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
        Save(doc);
        AtomicFile.WriteText(htmlPath, NotebookHtmlExport.Render(doc, $"{source.Name} ({options.Profile ?? "notebook's profile"})"));
        return new NotebookRunResult(source.Name, failure is null, failure, executedPath, htmlPath, clock.Elapsed.TotalSeconds, executed);
    }

    /// <summary>Runs one cell; null when it succeeded.</summary>
    static async Task<CellFailure?> RunCell(KernelSession kernel, NotebookDocument doc, NotebookCell cell, int count, TextWriter? echo, CancellationToken cancel)
    {
        var outputs = new CellOutputs(cell.Outputs, count, echo);
        var errors = new List<JsonObject>();
        var saved = Stopwatch.StartNew();
        await foreach (var e in kernel.SubmitAsync(cell.Source, cell.KernelName ?? "csharp", cancel))
        {
            if (e.Type == "DiagnosticsProduced")
                errors.AddRange((e.Payload["diagnostics"] as JsonArray ?? []).OfType<JsonObject>().Where(d => (string?)d["severity"] == "error"));
            else if (e.Type == KernelEvent.CommandFailed)
            {
                var failure = CellFailure.From((string?)e.Payload["message"] ?? "the kernel reported a failure without a message", errors, cell.Source);
                outputs.Error(failure.ExceptionType, failure.Message, failure.Trace);
                return failure;
            }
            else if (outputs.Apply(e) && saved.Elapsed > SaveEvery)
            {
                // Live curves: the executed notebook follows a long cell, not only its end.
                Save(doc);
                saved.Restart();
            }
        }
        return null;
    }

    /// <summary>Inserts papermill's injected-parameters cell after the parameters cell; null when nothing is injected.</summary>
    static NotebookCell? Inject(NotebookDocument doc, NotebookRunOptions options)
    {
        var values = new List<KeyValuePair<string, string>>();
        if (options.Profile is not null) values.Add(new("profile", RunProfile.Check(options.Profile)));
        values.AddRange(options.Overrides);
        if (values.Count == 0) return null;
        var parameters = doc.Cells.Where(c => c.IsCode && c.Tags.Contains(ParametersTag)).ToList();
        if (parameters.Count != 1)
            throw new ArgumentException($"{doc.Name}: {(parameters.Count == 0 ? "no code cell is" : $"{parameters.Count} code cells are")} tagged \"{ParametersTag}\", " +
                                        "so --profile/--set have nowhere to go");
        var declared = ParameterInjection.Declared(parameters[0].Source);
        var undeclared = values.Where(v => !declared.Contains(v.Key)).ToList();
        if (undeclared.Count > 0 && !options.SkipUndeclared)
            throw new ArgumentException($"--set {undeclared[0].Key}={undeclared[0].Value}: {doc.Name}'s parameters cell declares no '{undeclared[0].Key}' " +
                                        $"(it declares {string.Join(", ", declared)})");
        var code = ParameterInjection.Code(values.Where(v => declared.Contains(v.Key)).ToList());
        if (code is null) return null;
        var metadata = new JsonObject
        {
            ["tags"] = new JsonArray(ParameterInjection.InjectedTag),
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
        };
        return doc.InsertCodeCellAfter(parameters[0], ParameterInjection.InjectedTag, code, metadata);
    }

    static void Save(NotebookDocument doc) => AtomicFile.WriteText(doc.Path, doc.ToJson());
}
