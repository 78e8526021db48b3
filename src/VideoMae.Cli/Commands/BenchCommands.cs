using System.CommandLine;
using System.Diagnostics;
using VideoMae.Data.Datasets;
using VideoMae.Data.Loading;

namespace VideoMae.Cli.Commands;

/// <summary>
/// <c>videomae bench …</c>: the project's benchmarks, reported from one run as numbers to compare side by side,
/// never as timed tests.
/// </summary>
internal static class BenchCommands
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks: measured throughput on this machine.");
        bench.Subcommands.Add(Data());
        return bench;
    }

    private static Command Data()
    {
        var json = CommonOptions.Json();
        var list = new Option<string>("--list") { Description = "A dataset list file (path label, or path 0 -1).", Required = true };
        var workers = new Option<int>("--workers") { Description = "Parallel decode workers.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var batches = new Option<int>("--batches") { Description = "Batches to time after one warm-up batch.", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch") { Description = "Videos per batch.", DefaultValueFactory = _ => 8 };
        var frames = new Option<int>("--frames") { Description = "Frames per clip.", DefaultValueFactory = _ => 16 };
        var size = new Option<int>("--size") { Description = "Output clip size in pixels.", DefaultValueFactory = _ => 64 };
        var stride = new Option<int>("--stride") { Description = "Frame stride of dense sampling.", DefaultValueFactory = _ => 2 };
        var command = new Command("data", "Decoded and augmented clips per second of the loader, with the number of workers.")
            { list, workers, batches, batch, frames, size, stride, json };
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var dataset = new VideoDataset([new VideoSource(parse.GetValue(list)!, parse.GetValue(stride))]);
            var recipe = new ClipRecipe(parse.GetValue(frames), parse.GetValue(size), TemporalSampling.Dense, SpatialAugmentation.MultiScaleCrop);
            var options = new LoaderOptions { VideosPerBatch = parse.GetValue(batch), Workers = parse.GetValue(workers), DropLast = false };
            var loader = new ClipLoader(dataset, recipe, options);
            var wanted = parse.GetValue(batches);
            Require(wanted > 0, $"--batches = {wanted}; expected a positive count.");
            var (clips, timed, epoch) = (0, 0, 0);
            var watch = new Stopwatch();
            while (timed < wanted)
            {
                foreach (var b in loader.Epoch(epoch++))
                {
                    using (b)
                    {
                        if (!watch.IsRunning)
                        {
                            watch.Start();   // the first batch pays for process start-up and probing
                            continue;
                        }
                        clips += b.Count;
                    }
                    if (++timed == wanted)
                        break;
                }
            }
            var seconds = watch.Elapsed.TotalSeconds;
            Output.Write(parse.GetValue(json),
            [
                new("list", parse.GetValue(list)!),
                new("videos", dataset.Items.Count),
                new("workers", options.Workers),
                new("batches_timed", timed),
                new("clips", clips),
                new("seconds", Math.Round(seconds, 3)),
                new("clips_per_second", seconds > 0 ? Math.Round(clips / seconds, 2) : 0.0),
                new("frames", recipe.Frames),
                new("size", recipe.Size),
                new("decode_failures", loader.Stats.Failures),
            ]);
            return 0;
        }));
        return command;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
            throw new ArgumentException(message);
    }
}
