using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace PruneLab.Viz;

/// <summary>
/// Makes notebooks (VS Code Polyglot Notebooks, .NET Interactive) show Plotly.NET charts inline: <c>display(chart)</c>
/// writes <see cref="ChartHtml.Fragment"/> as the text/html output.
/// </summary>
public static class ChartFormatter
{
    public const string HtmlMimeType = "text/html";

    static readonly object Gate = new();
    static readonly ITypeFormatter Html = new HtmlFormatter<GenericChart>(
        (chart, context) => context.Writer.Write(ChartHtml.Fragment(chart)));

    /// <summary>
    /// Registers the text/html formatter for <see cref="GenericChart"/> (and its subtypes). Idempotent: a second call
    /// registers nothing while ours is still the preferred formatter, and registers again after
    /// <see cref="Formatter.ResetToDefault"/> or after another formatter took over.
    /// </summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (IsRegistered) return;
            Formatter.Register(Html);
            Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), HtmlMimeType);
        }
    }

    /// <summary>Whether display(chart) currently uses this formatter.</summary>
    public static bool IsRegistered =>
        ReferenceEquals(Formatter.GetPreferredFormatterFor(typeof(GenericChart), HtmlMimeType), Html);

    /// <summary>The text/html of a value: a chart's fragment, or what the Formatting library writes for anything else.</summary>
    public static string ToHtml(object? value) => value switch
    {
        GenericChart chart => ChartHtml.Fragment(chart),
        _ => Formatter.ToDisplayString(value!, HtmlMimeType),
    };
}
