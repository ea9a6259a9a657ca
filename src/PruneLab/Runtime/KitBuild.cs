namespace PruneLab.Runtime;

/// <summary>
/// Which build of the kit computed a result: the module version id of PruneLab.Core. Builds are deterministic, so
/// the id changes exactly when the compiled library does; a result recorded with another id came from other code.
/// </summary>
public static class KitBuild
{
    public static string Id { get; } = typeof(KitBuild).Assembly.ManifestModule.ModuleVersionId.ToString("N");
}
