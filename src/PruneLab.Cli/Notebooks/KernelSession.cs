using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace PruneLab.Cli.Notebooks;

/// <summary>One event the kernel sent: its type, payload and the token of the command it belongs to.</summary>
public sealed record KernelEvent(string Type, JsonObject Payload, string? Token)
{
    public const string CommandSucceeded = "CommandSucceeded", CommandFailed = "CommandFailed";

    public bool Ends(string token) => Token == token && Type is CommandSucceeded or CommandFailed;
}

/// <summary>
/// The stock .NET Interactive kernel as VS Code runs it: <c>dotnet interactive stdio</c>, one JSON command envelope per
/// line on stdin, one event envelope per line on stdout. <see cref="SubmitAsync"/> sends a cell's code as one
/// SubmitCode and streams back every event of that submission (and of the commands it spawns, whose tokens extend
/// its own) until it succeeds or fails. One submission at a time, as a notebook runs its cells.
/// </summary>
public sealed class KernelSession : IAsyncDisposable
{
    readonly Process _process;
    readonly Channel<KernelEvent> _events = Channel.CreateUnbounded<KernelEvent>();
    readonly StringBuilder _stderr = new();
    readonly Task _reader;
    int _submissions;

    KernelSession(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadEvents);
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts the kernel and waits until it says it is ready.</summary>
    public static async Task<KernelSession> StartAsync(ProcessStartInfo start, TimeSpan timeout, CancellationToken cancel = default)
    {
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.StandardOutputEncoding = start.StandardErrorEncoding = new UTF8Encoding(false);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var session = new KernelSession(process);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        try
        {
            await foreach (var e in session._events.Reader.ReadAllAsync(limit.Token))
                if (e.Type == "KernelReady") return session;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            await session.DisposeAsync();
            throw new TimeoutException($"the notebook kernel did not start within {timeout.TotalSeconds:F0} s");
        }
        await session.DisposeAsync();
        throw new InvalidOperationException("the notebook kernel exited before it was ready: " + session.ErrorText());
    }

    /// <summary>Submits code to one of the kernel's languages; yields its events, the last one CommandSucceeded or CommandFailed.</summary>
    public async IAsyncEnumerable<KernelEvent> SubmitAsync(string code, string targetKernel = "csharp",
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel = default)
    {
        var token = $"prunelab-{++_submissions}";
        var envelope = new JsonObject
        {
            ["token"] = token, ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = targetKernel },
        };
        await _process.StandardInput.WriteLineAsync(envelope.ToJsonString().AsMemory(), cancel);
        await _process.StandardInput.FlushAsync(cancel);
        var child = token + ".";
        await foreach (var e in _events.Reader.ReadAllAsync(cancel))
        {
            if (e.Token != token && e.Token?.StartsWith(child, StringComparison.Ordinal) != true) continue;
            yield return e;
            if (e.Ends(token)) yield break;
        }
        throw new InvalidOperationException("the notebook kernel exited during the cell: " + ErrorText());
    }

    /// <summary>What the kernel wrote to stderr (its own crash reports), for error messages.</summary>
    public string ErrorText()
    {
        lock (_stderr) return _stderr.Length == 0 ? $"exit code {(_process.HasExited ? _process.ExitCode : 0)}" : _stderr.ToString().Trim();
    }

    async Task ReadEvents()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                // The kernel prints a welcome banner on its first run; events are the lines that are JSON objects.
                if (!line.StartsWith('{')) continue;
                JsonObject? envelope;
                try { envelope = JsonNode.Parse(line) as JsonObject; }
                catch (JsonException) { continue; }
                if (envelope?["eventType"] is not JsonValue type) continue;
                var payload = envelope["event"] as JsonObject ?? [];
                var token = (string?)envelope["command"]?["token"];
                await _events.Writer.WriteAsync(new KernelEvent(type.GetValue<string>(), payload, token));
            }
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    /// <summary>Ends the kernel: every submission has finished by then, and the kernel does not exit when stdin closes.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill();
        await _reader.ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>Stops the kernel at once (time limit, Ctrl+C); a cell still running is abandoned.</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
    }
}
