using System.Reflection;

namespace PruneLab.Notebooks;

/// <summary>
/// One notebook output that later values replace: a training curve redrawn after every epoch.
/// <para>
/// Why not the kernel's <c>display(x)</c> and <c>Update(y)</c>: in the stock kernel (Microsoft.dotnet-interactive
/// 1.0.712001) <c>display</c> publishes its output under one id and returns a handle carrying another, so every update
/// lands in a second output and the first keeps its first value, in VS Code as in any client. This class makes the
/// kernel's own handle (<c>Microsoft.DotNet.Interactive.Formatting.DisplayedValue</c>, found by name, as the kit does not
/// reference the kernel) and shows every value through its <c>Update</c>, so all of them share one id: one output.
/// Outside a kernel (tests, the command line) it shows nothing.
/// </para>
/// </summary>
public sealed class LiveDisplay
{
    const string FormattingAssembly = "Microsoft.DotNet.Interactive.Formatting";
    readonly object? _handle;
    readonly MethodInfo? _update;

    LiveDisplay(object? handle, MethodInfo? update) => (_handle, _update) = (handle, update);

    /// <summary>Shows <paramref name="value"/> as a new output of the running cell.</summary>
    public static LiveDisplay Show(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var formatting = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == FormattingAssembly);
        var handleType = formatting?.GetType(FormattingAssembly + ".DisplayedValue");
        var formattedValue = formatting?.GetType(FormattingAssembly + ".FormattedValue");
        var create = formattedValue?.GetMethod("CreateManyFromObject", [typeof(object), typeof(string[])]);
        var update = handleType?.GetMethod("Update", [typeof(object)]);
        var constructor = handleType?.GetConstructors().FirstOrDefault(c => c.GetParameters().Length == 2);
        if (create is null || update is null || constructor is null) return new LiveDisplay(null, null);
        var formatted = create.Invoke(null, [value, Array.Empty<string>()]);
        var display = new LiveDisplay(constructor.Invoke([value, formatted]), update);
        display.Update(value);
        return display;
    }

    /// <summary>Replaces the output with <paramref name="value"/>, formatted as the first value was.</summary>
    public void Update(object value) => _update?.Invoke(_handle, [value]);
}
