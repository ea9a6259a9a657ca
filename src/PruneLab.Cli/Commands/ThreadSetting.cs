namespace PruneLab.Cli.Commands;

internal static class ThreadSetting
{
    public static void Apply(int threads)
    {
        if (threads > 0) TorchSharp.torch.set_num_threads(threads);
    }
}
