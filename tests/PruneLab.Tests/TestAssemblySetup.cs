using System.Runtime.CompilerServices;
using PruneLab.Runtime;

namespace PruneLab.Tests;

static class TestAssemblySetup
{
    // Tests may call torch before touching any PruneLab type; load the native wrapper first either way.
    [ModuleInitializer]
    internal static void Init() => NativeTorch.EnsureLoaded();
}
