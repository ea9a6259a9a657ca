using System.CommandLine;
using PruneLab.Bench;
using PruneLab.Runtime;

namespace PruneLab.Cli.Commands;

/// <summary>`prunelab bench`: throughput of the dense backbones beside the device's matmul peak.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var device = CommonOptions.Device();
        var output = new Option<string>("--out") { Description = "Folder for bench.json and bench.md", DefaultValueFactory = _ => "results/bench" };
        var seconds = new Option<double>("--seconds") { Description = "Minimum measuring time per case", DefaultValueFactory = _ => 1.0 };
        var threads = CommonOptions.Positive("--threads", 0, "Torch CPU threads (0: torch's default)", min: 0);
        var routing = new Option<string[]>("--routing")
        {
            Description = "Finished RNP/RNR run folders: time batch-1 dynamic inference against the dense network instead of the dense suite",
            AllowMultipleArgumentsPerToken = true,
        };
        var images = CommonOptions.Positive("--images", 200, "Test images timed one at a time (with --routing)");
        var replayWidth = new Option<double?>("--replay-width")
        {
            Description = "With --routing: replay the runs' recorded actions on VGG-16 at this width and 32x32 images (sliced steps vs dense), instead of timing the trained network",
        };
        var command = new Command("bench", "Measure training and inference images/s and GMAC/s against the matmul peak") { device, output, seconds, threads, routing, images, replayWidth };
        command.SetAction(p =>
        {
            ThreadSetting.Apply(p.GetValue(threads));
            if (p.GetValue(routing) is { Length: > 0 } runs)
            {
                var table = p.GetValue(replayWidth) is { } w
                    ? RoutingBench.Replay(runs, p.GetValue(images), w, Console.WriteLine)
                    : RoutingBench.Run(runs, p.GetValue(images), Console.WriteLine);
                Directory.CreateDirectory(p.GetValue(output)!);
                var path = Path.Combine(p.GetValue(output)!, p.GetValue(replayWidth) is null ? "routing.md" : "routing-replay.md");
                PruneLab.Training.AtomicFile.WriteText(path, table);
                Console.WriteLine();
                Console.WriteLine(table);
                Console.WriteLine($"written to {Path.GetFullPath(path)}");
                return Cli.Ok;
            }
            var report = BenchSuite.Run(DeviceChoice.Resolve(p.GetValue(device)), p.GetValue(output), Console.WriteLine, p.GetValue(seconds));
            Console.WriteLine();
            Console.WriteLine(BenchSuite.ToMarkdown(report));
            Console.WriteLine($"written to {Path.GetFullPath(p.GetValue(output)!)}");
            return Cli.Ok;
        });
        return command;
    }
}
