using System.CommandLine;
using System.Diagnostics;
using VideoMae.Data.Augmentation;
using VideoMae.Data.Datasets;
using VideoMae.Data.Loading;
using VideoMae.Data.Sampling;
using VideoMae.Benchmarks;
using VideoMae.Masking;
using VideoMae.Training;
using VideoMae.Training.Runs;
using VideoMae.Training.Settings;

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
        bench.Subcommands.Add(Step());
        return bench;
    }

    private static Command Step()
    {
        var json = CommonOptions.Json();
        var model = CommonOptions.Model("research-s");
        var decoder = new Option<string[]>("--decoder-mask")
        {
            Description = $"Decoder masking(s) to compare, measured side by side: {string.Join(", ", MaskNames.DecoderNames)}.",
            DefaultValueFactory = _ => ["none", "running-cell"], AllowMultipleArgumentsPerToken = true,
        };
        decoder.AcceptOnlyFromAmong([.. MaskNames.DecoderNames]);
        var ratio = new Option<double>("--decoder-ratio") { Description = "Fraction of positions the decoder does not reconstruct.", DefaultValueFactory = _ => 0.5 };
        var encoderRatio = new Option<double>("--encoder-ratio") { Description = "Tube masking ratio of the encoder.", DefaultValueFactory = _ => 0.9 };
        var batch = new Option<int>("--batch") { Description = "Clips per step.", DefaultValueFactory = _ => 8 };
        var steps = new Option<int>("--steps") { Description = "Timed steps per masking (after 2 warm-up steps).", DefaultValueFactory = _ => 10 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var precision = new Option<string>("--precision") { Description = "auto, float32 or bfloat16.", DefaultValueFactory = _ => "auto" };
        precision.AcceptOnlyFromAmong([.. SettingNames.Precision.Names]);
        var flash = new Option<string>("--flash-attention")
        {
            Description = "CUDA only: allow (on) or forbid (off) libtorch's flash-attention kernel; default: libtorch's choice (allowed).",
        };
        flash.AcceptOnlyFromAmong("on", "off");
        var command = new Command("step", "Median seconds per pre-training step (forward, loss, backward, AdamW), clips/s, achieved GFLOP/s and peak memory, per decoder masking. " +
            "On CUDA, memory needs PYTORCH_NO_CUDA_MEMORY_CACHING=1 (libtorch's cache hides frees from the driver); time and memory are best measured in separate runs.")
            { model, decoder, ratio, encoderRatio, batch, steps, device, precision, flash, json };
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var maskings = parse.GetValue(decoder)!.Distinct().Select(name =>
            {
                var kind = MaskNames.ParseDecoder(name);
                return new DualMasking(EncoderMasking.Tube, parse.GetValue(encoderRatio), kind, kind == DecoderMasking.None ? 0 : parse.GetValue(ratio));
            }).ToArray();
            var results = TrainingStepBenchmark.Run(parse.GetValue(model)!, maskings, parse.GetValue(batch), parse.GetValue(steps), parse.GetValue(device)!,
                SettingNames.Precision.Parse(parse.GetValue(precision)!), flashAttention: parse.GetValue(flash) switch { "on" => true, "off" => false, _ => null });
            var machine = MachineInfo.Current(Trainer.DeviceOf(parse.GetValue(device)!));
            var rows = results.Select(r => new Dictionary<string, object?>
            {
                ["model"] = r.Model,
                ["decoder_mask"] = MaskNames.Name(r.Masking.Decoder),
                ["decoder_ratio"] = r.Masking.DecoderRatio,
                ["batch"] = r.Batch,
                ["steps"] = r.Steps,
                ["median_step_seconds"] = Math.Round(r.MedianSeconds, 5),
                ["clips_per_second"] = Math.Round(r.ClipsPerSecond, 3),
                ["forward_gmacs_per_clip"] = Math.Round(r.ForwardGmacsPerClip, 4),
                ["achieved_gflops_per_second"] = Math.Round(r.AchievedGflopsPerSecond, 2),
                ["activation_mb_per_clip"] = Measured(r.ActivationMegabytesPerClip, 1),
                ["peak_memory_mb"] = Measured(r.PeakMemoryMegabytes, 1),
                ["memory_counter"] = r.MemoryCounter,
                ["flash_attention"] = parse.GetValue(flash) ?? "default",
                ["device"] = r.Device,
            }).ToList();
            var baseline = results.FirstOrDefault(r => r.Masking.Decoder == DecoderMasking.None);
            if (parse.GetValue(json))
            {
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["results"] = rows,
                    ["speedup_vs_none"] = baseline is null ? null : results.ToDictionary(r => MaskNames.Name(r.Masking.Decoder), r => Math.Round(baseline.MedianSeconds / r.MedianSeconds, 3)),
                    ["machine"] = machine.Summary,
                }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            Output.Table(["decoder mask", "ratio", "s/step", "clips/s", "GMACs/clip", "GFLOP/s", "act. MB/clip", "peak MB", "speed-up"],
                results.Select(r => (IReadOnlyList<object>)[MaskNames.Name(r.Masking.Decoder), r.Masking.DecoderRatio, Math.Round(r.MedianSeconds, 4),
                    Math.Round(r.ClipsPerSecond, 2), Math.Round(r.ForwardGmacsPerClip, 3), Math.Round(r.AchievedGflopsPerSecond, 1),
                    Measured(r.ActivationMegabytesPerClip, 1) ?? "-", Measured(r.PeakMemoryMegabytes, 0) ?? "-", baseline is null ? "-" : $"{baseline.MedianSeconds / r.MedianSeconds:0.00}×"]));
            Console.WriteLine($"{parse.GetValue(model)}, batch {parse.GetValue(batch)}, {parse.GetValue(steps)} alternating timed steps per masking on {machine.Summary}");
            Console.WriteLine($"memory: {results[0].MemoryCounter}");
            return 0;
        }));
        return command;
    }

    /// <summary>A measured value rounded for output, or null where it could not be measured (NaN).</summary>
    private static object? Measured(double value, int digits) => double.IsNaN(value) ? null : Math.Round(value, digits);

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
            // No cache: the benchmark measures decoding, which a cache would skip after the first epoch.
            var options = new LoaderOptions { BatchSize = parse.GetValue(batch), Workers = parse.GetValue(workers), DropLast = false, CacheMegabytes = 0 };
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
