using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using PruneLab.Training;

namespace PruneLab.Cli.Notebooks;

public sealed record NotebookRunOptions
{
    /// <summary>smoke, quick or paper; null keeps the notebook's own value.</summary>
    public string? Profile { get; init; }
    /// <summary>Parameter overrides, name to value (C# literal, or a bare word taken as a string; "@expr" is raw C#).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Overrides { get; init; } = [];
    public required string OutFolder { get; init; }
}

public sealed record NotebookRunResult(string Notebook, bool Succeeded, string? Failure, string ExecutedNotebook, string Html, double Seconds, int CellsRun);

/// <summary>
/// Executes a notebook's C# cells in order in one Roslyn script state (variables, types and awaits carry across cells,
/// as in the kernel), with the kit's assemblies referenced; injects the parameter overrides right after the cell
/// tagged "parameters"; writes the executed notebook (after every cell) and an offline HTML export.
/// </summary>
public sealed class NotebookRunner(KitPackages packages, TextWriter log)
{
    public const string ParametersTag = "parameters";
    public static readonly string[] Profiles = ["smoke", "quick", "paper"];

    public async Task<NotebookRunResult> RunAsync(string notebookPath, NotebookRunOptions options)
    {
        var clock = Stopwatch.StartNew();
        var source = NotebookDocument.Load(notebookPath);
        Directory.CreateDirectory(options.OutFolder);
        var executedPath = Path.Combine(options.OutFolder, source.Name + ".ipynb");
        var htmlPath = Path.Combine(options.OutFolder, source.Name + ".html");
        var doc = source.Copy(executedPath);
        foreach (var cell in doc.Cells) cell.ClearOutputs();
        var injected = Injection(doc, options);

        var folder = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        var outputs = new CellOutputs();
        outputs.Changed = () => Save(doc);
        var globals = new NotebookGlobals(outputs);
        var references = KitAssemblies();
        var loadedNames = references.Select(a => a.GetName().Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var scriptOptions = ScriptOptions.Default
            .WithReferences(references)
            .WithImports("System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Threading.Tasks")
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(folder))
            .WithSourceResolver(new SourceFileResolver([], folder))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .WithOptimizationLevel(OptimizationLevel.Release);

        ScriptState<object>? state = null;
        int executed = 0;
        string? failure = null;
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(new CellWriter(outputs, "stdout", stdout));
        Console.SetError(new CellWriter(outputs, "stderr", stderr));
        try
        {
            foreach (var cell in doc.Cells.Where(c => c.IsCode))
            {
                executed++;
                cell.ExecutionCount = executed;
                outputs.StartCell(cell.Outputs);
                log.WriteLine($"[{source.Name}] cell {cell.Number} ({executed})");
                var cellOptions = scriptOptions.WithFilePath($"{source.Name}.ipynb#cell{cell.Number}");
                try
                {
                    var code = CellDirectives.Prepare(cell.Source, folder, packages, loadedNames.Contains, cell.Number);
                    state = state is null
                        ? await CSharpScript.RunAsync(code, cellOptions, globals, typeof(NotebookGlobals))
                        : await state.ContinueWithAsync(code, cellOptions);
                    if (state.ReturnValue is not null) outputs.Result(state.ReturnValue, executed);
                    if (injected is not null && cell.Tags.Contains(ParametersTag))
                        state = await Inject(state, injected, cellOptions);
                }
                catch (Exception e)
                {
                    failure = Describe(source.Name, cell, e);
                    var inner = e is AggregateException { InnerException: { } only } ? only : e;
                    outputs.Error(inner.GetType().Name, inner.Message, [failure, .. (inner.StackTrace ?? "").Split('\n')]);
                    break;
                }
                finally
                {
                    Console.Out.Flush();
                    Save(doc);
                }
            }
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
        Save(doc);
        AtomicFile.WriteText(htmlPath, NotebookHtmlExport.Render(doc, $"{source.Name} ({options.Profile ?? "notebook's profile"})"));
        return new NotebookRunResult(source.Name, failure is null, failure, executedPath, htmlPath, clock.Elapsed.TotalSeconds, executed);
    }

    /// <summary>The code run after the parameters cell: the profile and each override as an assignment.</summary>
    static string? Injection(NotebookDocument doc, NotebookRunOptions options)
    {
        var assignments = new List<string>();
        if (options.Profile is not null)
        {
            if (!Profiles.Contains(options.Profile))
                throw new ArgumentException($"--profile {options.Profile}: expected one of {string.Join(", ", Profiles)}");
            assignments.Add($"profile = \"{options.Profile}\";");
        }
        foreach (var (name, value) in options.Overrides)
        {
            if (!SyntaxFacts.IsValidIdentifier(name)) throw new ArgumentException($"--set {name}={value}: '{name}' is not a C# variable name");
            assignments.Add($"{name} = {Literal(value)};");
        }
        if (assignments.Count == 0) return null;
        if (!doc.Cells.Any(c => c.IsCode && c.Tags.Contains(ParametersTag)))
            throw new ArgumentException($"{doc.Name}: no code cell is tagged \"{ParametersTag}\", so --profile/--set have nowhere to go");
        return string.Join('\n', assignments);
    }

    static async Task<ScriptState<object>> Inject(ScriptState<object> state, string code, ScriptOptions options)
    {
        try
        {
            return await state.ContinueWithAsync(code, options.WithFilePath("parameters override"));
        }
        catch (CompilationErrorException e)
        {
            throw new ArgumentException("a --profile/--set value does not fit the parameters cell: " + e.Diagnostics.First().GetMessage(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A value for an override: numbers and true/false as written, "@expr" as raw C#, anything else a string.</summary>
    public static string Literal(string value)
    {
        if (value.StartsWith('@')) return value[1..];
        if (value is "true" or "false" or "null") return value;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !value.Contains(',')) return value;
        return SymbolDisplay.FormatLiteral(value, quote: true);
    }

    static string Describe(string notebook, NotebookCell cell, Exception e)
    {
        var lines = cell.Source.Replace("\r\n", "\n").Split('\n');
        string At(int line) => line >= 1 && line <= lines.Length ? $", line {line}: {lines[line - 1].Trim()}" : "";
        switch (e)
        {
            case CompilationErrorException c:
                var d = c.Diagnostics.First(x => x.Severity == DiagnosticSeverity.Error);
                var line = d.Location.GetLineSpan().StartLinePosition.Line + 1;
                return $"{notebook}, cell {cell.Number}{At(line)}\n  {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";
            case CellDirectiveException directive:
                return $"{notebook}, {directive.Message}";
            default:
                var inner = e is AggregateException { InnerException: { } only } ? only : e;
                var frame = new StackTrace(inner, true).GetFrames()
                    .FirstOrDefault(f => f.GetFileName()?.EndsWith($"#cell{cell.Number}", StringComparison.Ordinal) == true);
                return $"{notebook}, cell {cell.Number}{At(frame?.GetFileLineNumber() ?? 0)}\n  {inner.GetType().Name}: {inner.Message}";
        }
    }

    static void Save(NotebookDocument doc) => AtomicFile.WriteText(doc.Path, doc.ToJson());

    /// <summary>The assemblies a notebook may use without a #r: the kit, TorchSharp, Plotly.NET, formatting, the runtime.</summary>
    static List<Assembly> KitAssemblies()
    {
        var anchors = new[]
        {
            typeof(PruneLab.Models.PrunableNet), typeof(TorchSharp.torch), typeof(Plotly.NET.GenericChart),
            typeof(Plotly.NET.CSharp.Chart), typeof(Microsoft.FSharp.Core.Unit), typeof(Microsoft.DotNet.Interactive.Formatting.Formatter),
            typeof(NotebookGlobals), typeof(System.Text.Json.JsonSerializer),
        };
        return anchors.Select(t => t.Assembly).Concat(AppDomain.CurrentDomain.GetAssemblies())
            .Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location))
            .GroupBy(a => a.GetName().Name).Select(g => g.First())
            .ToList();
    }
}
