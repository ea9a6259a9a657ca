namespace PruneLab.Viz;

/// <summary>
/// Names the type that makes .NET Interactive formatters for the type it is put on. The kernel's Formatter finds this
/// attribute by its name, not by its assembly, so the kit can have inline charts without referencing
/// Microsoft.DotNet.Interactive.Formatting (or any kernel version).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>A type with a parameterless constructor and <c>IEnumerable&lt;object&gt; CreateTypeFormatters()</c>.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>The MIME types the kernel should show values of the type as, best first.</summary>
    public string[] PreferredMimeTypes { get; set; } = [];
}
