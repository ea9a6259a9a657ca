using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace PruneLab.Cli.Notebooks;

public sealed record RenderCheck(string Html, int ChartsExpected, int ChartsRendered, IReadOnlyList<string> ScriptErrors, string? Screenshot)
{
    public bool Passed => ChartsRendered == ChartsExpected && ScriptErrors.Count == 0;
}

/// <summary>
/// Opens an exported page in headless Chromium and reports whether every chart drew: plotly marks each chart's div
/// <c>js-plotly-plot</c> and draws <c>svg.main-svg</c> layers into it; script errors land in the page's error element.
/// </summary>
public static partial class HeadlessChromium
{
    static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    public static string? Find() => Candidates
        .SelectMany(c => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, c)))
        .FirstOrDefault(File.Exists);

    public static RenderCheck Check(string htmlPath, string? screenshot = null, int timeoutSeconds = 120)
    {
        var browser = Find() ?? throw new InvalidOperationException(
            "no headless browser found: install Debian's chromium package (./setup.sh does when apt is available)");
        var page = File.ReadAllText(htmlPath);
        int expected = ChartDiv().Matches(page).Count;
        var url = new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri;
        var dom = Run(browser, timeoutSeconds, "--dump-dom", url);
        // Plotly marks the chart's own div js-plotly-plot once it drew into it (its svg.main-svg layers inside).
        int rendered = RenderedChart().Matches(dom).Count(m => dom.IndexOf("main-svg", m.Index, StringComparison.Ordinal) > 0);
        var errors = ErrorsText().Match(dom) is { Success: true } m && m.Groups[1].Value.Trim().Length > 0
            ? WebUtility.HtmlDecode(m.Groups[1].Value).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            : [];
        if (screenshot is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(screenshot))!);
            Run(browser, timeoutSeconds, $"--screenshot={Path.GetFullPath(screenshot)}", "--window-size=1200,6000", url);
        }
        return new RenderCheck(htmlPath, expected, rendered, errors, screenshot);
    }

    static string Run(string browser, int timeoutSeconds, params string[] args)
    {
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
                     "--disable-dev-shm-usage", "--virtual-time-budget=15000", "--hide-scrollbars" }.Concat(args))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{browser} did not finish within {timeoutSeconds} s");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{browser} exited with {process.ExitCode}: {stderr.Result.Trim()}");
        return stdout.Result;
    }

    [GeneratedRegex("""<div id="prunelab-chart-""")] private static partial Regex ChartDiv();
    [GeneratedRegex("""<div id="prunelab-chart-[0-9a-f]+" class="[^"]*js-plotly-plot""")] private static partial Regex RenderedChart();
    [GeneratedRegex("""<pre id="prunelab-errors">(.*?)</pre>""", RegexOptions.Singleline)] private static partial Regex ErrorsText();
}
