using System.Reflection;
using System.Text.RegularExpressions;
using PruneLab.Viz;

namespace PruneLab.Tests.Viz;

/// <summary>
/// The .NET Interactive kernel finds a figure's formatters by convention, through reflection and member names only
/// (no reference to its Formatting library); these tests take the same path.
/// </summary>
public sealed class FigureFormatterSourceTests
{
    static readonly Figure Bars = ChartStyle.Apply(new Figure(Trace.Bars(new[] { "a", "b" }, new[] { 3.5, 9.25 }, "bars", ChartStyle.BarColor)),
        "Two bars", 400, 300);

    static string WithoutIds(string html) => Regex.Replace(html, "prunelab-chart-[0-9a-f]{32}", "ID");

    /// <summary>The attribute the kernel looks for: any type named TypeFormatterSourceAttribute on the value's type.</summary>
    static Attribute SourceAttribute(Type type) =>
        Assert.Single(type.GetCustomAttributes(inherit: true).OfType<Attribute>(), a => a.GetType().Name == "TypeFormatterSourceAttribute");

    static T Property<T>(object target, string name) => (T)target.GetType().GetProperty(name)!.GetValue(target)!;

    /// <summary>The formatter objects the source makes, as the kernel gets them: instantiate, call CreateTypeFormatters.</summary>
    static object[] Formatters(Type figureType)
    {
        var sourceType = Property<Type>(SourceAttribute(figureType), "FormatterSourceType");
        var source = Activator.CreateInstance(sourceType)!;
        var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)!;
        return ((IEnumerable<object>)create.Invoke(source, null)!).ToArray();
    }

    static (bool Handled, string Text) Format(object formatter, object value)
    {
        var writer = new StringWriter();
        var handled = (bool)formatter.GetType().GetMethod("Format", [typeof(object), typeof(TextWriter)])!.Invoke(formatter, [value, writer])!;
        return (handled, writer.ToString());
    }

    static object FormatterFor(string mimeType) => Formatters(typeof(Figure)).Single(f => Property<string>(f, "MimeType") == mimeType);

    [Fact]
    public void Should_Ask_The_Kernel_To_Show_Figures_As_Html()
    {
        var attribute = SourceAttribute(typeof(Figure));

        Assert.Equal(["text/html"], Property<string[]>(attribute, "PreferredMimeTypes"));
        Assert.NotNull(attribute.GetType().GetConstructor([typeof(Type)]));
    }

    [Fact]
    public void Should_Format_A_Figure_As_Html_Into_Its_Fragment()
    {
        var (handled, html) = Format(FormatterFor("text/html"), Bars);

        Assert.True(handled);
        Assert.Equal(WithoutIds(ChartHtml.Fragment(Bars)), WithoutIds(html));
        Assert.Equal([3.5, 9.25], FigureJson.InFragment(html).Traces().Single().Doubles("y"));
    }

    [Fact]
    public void Should_Format_A_Figure_As_Plain_Text_By_Its_Title()
    {
        var (handled, text) = Format(FormatterFor("text/plain"), Bars);

        Assert.True(handled);
        Assert.Equal("Figure: Two bars", text);
    }

    [Fact]
    public void Should_Decline_Values_That_Are_Not_Figures()
    {
        var formatters = Formatters(typeof(Figure));

        Assert.All(formatters, f => Assert.Equal((false, ""), Format(f, new { Answer = 42 })));
    }
}
