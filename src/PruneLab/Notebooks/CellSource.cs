namespace PruneLab.Notebooks;

/// <summary>
/// The source of the notebook cell running now, read from the .NET Interactive kernel (the code of the SubmitCode
/// command being handled, found by name: the kit does not reference the kernel). Null outside a kernel.
/// </summary>
public static class CellSource
{
    public static string? Current()
    {
        var kernel = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "Microsoft.DotNet.Interactive");
        var context = kernel?.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext")?.GetProperty("Current")?.GetValue(null);
        var command = context?.GetType().GetProperty("Command")?.GetValue(context);
        return command?.GetType().Name == "SubmitCode" ? command.GetType().GetProperty("Code")?.GetValue(command) as string : null;
    }
}
