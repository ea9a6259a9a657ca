using TorchSharp;

namespace PruneLab.Runtime;

/// <summary>Turns the user's <c>--device</c> value into a torch device. Default: CUDA when available, else CPU.</summary>
public static class DeviceChoice
{
    public static readonly string[] Names = ["auto", "cpu", "cuda"];

    public static torch.Device Resolve(string? name)
    {
        NativeTorch.EnsureLoaded();
        switch ((name ?? "auto").Trim().ToLowerInvariant())
        {
            case "auto":
                return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
            case "cpu":
                return torch.CPU;
            case "cuda":
                if (!torch.cuda.is_available())
                    throw new ArgumentException("--device cuda: CUDA is not available. This build references TorchSharp-cpu; " +
                        "see environment.md (\"Using a GPU\") to switch to TorchSharp-cuda-linux.");
                return torch.CUDA;
            default:
                throw new ArgumentException($"--device '{name}': expected one of {string.Join(", ", Names)}.");
        }
    }
}
