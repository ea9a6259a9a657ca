using System.CommandLine;
using PruneLab.Bench;
using PruneLab.Runtime;

namespace PruneLab.Cli.Commands;

/// <summary>
/// `prunelab bench`: throughput of the dense backbones beside the machine's peak; `--sliced`: the dynamic engines and
/// static networks against their dense networks (ratios from one run); `--routing`: finished routing runs.
/// </summary>
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
        var images = new Option<int?>("--images") { Description = "Images timed one at a time per batch-1 row (default: 200 with --routing, 30 with --sliced)" };
        var sliced = new Option<bool>("--sliced")
        {
            Description = "The sliced engine per keep share, FTWT's and RNP's recorded decisions replayed, the static networks at batch 1 and 64, the per-call overhead and the Trainer against a bare loop (results/bench/sliced.json, sliced.md)",
        };
        var json = CommonOptions.Json();
        var profile = CommonOptions.Profile();
        profile.Description = "With --sliced: whose results supply FTWT's baseline, RNP's routings and MetaPruning's networks";
        var passes = CommonOptions.Positive("--passes", PruneLab.Bench.InterleavedTiming.BenchPasses, "With --sliced: interleaved timed passes per row");
        var replayWidth = new Option<double?>("--replay-width")
        {
            Description = "With --routing: replay the runs' recorded actions on VGG-16 at this width and 32x32 images (sliced steps vs dense), instead of timing the trained network",
        };
        var command = new Command("bench", "Measure training and inference images/s and GMAC/s against the machine's peak; --sliced: dynamic and static speed-ups") { device, output, seconds, threads, routing, images, replayWidth, sliced, json, profile, passes };
        command.SetAction(p =>
        {
            ThreadSetting.Apply(p.GetValue(threads));
            if (p.GetValue(images) is < 1) throw new ArgumentException("--images: expected a positive number of images.");
            if (p.GetValue(sliced))
            {
                if (DeviceChoice.Resolve(p.GetValue(device)).type != TorchSharp.DeviceType.CPU)
                    throw new ArgumentException("--sliced times batch-1 engines on the CPU; leave --device out or pass --device cpu.");
                bool asJson = p.GetValue(json);
                var options = new SlicedBenchOptions
                {
                    Profile = p.GetValue(profile)!, Images = p.GetValue(images) ?? 30, Passes = p.GetValue(passes), Threads = p.GetValue(threads),
                };
                var speed = SlicedBenchSuite.Run(options, asJson ? Console.Error.WriteLine : Console.WriteLine);
                Directory.CreateDirectory(p.GetValue(output)!);
                SlicedBenchMarkdown.Save(p.GetValue(output)!, speed);
                if (asJson) Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(speed, PruneLab.Training.AtomicFile.Json));
                else
                {
                    Console.WriteLine();
                    Console.WriteLine(SlicedBenchMarkdown.Of(speed));
                    Console.WriteLine($"written to {Path.GetFullPath(Path.Combine(p.GetValue(output)!, SlicedBenchMarkdown.MarkdownFile))} and {SlicedBenchMarkdown.JsonFile}");
                }
                return Cli.Ok;
            }
            if (p.GetValue(routing) is { Length: > 0 } runs)
            {
                int n = p.GetValue(images) ?? 200;
                var table = p.GetValue(replayWidth) is { } w
                    ? RoutingBench.Replay(runs, n, w, Console.WriteLine)
                    : RoutingBench.Run(runs, n, Console.WriteLine);
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
