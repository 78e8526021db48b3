using System.CommandLine;
using VideoMae.Data.Augmentation;
using VideoMae.Data.Datasets;
using VideoMae.Data.Loading;
using VideoMae.Data.Sampling;
using VideoMae.Data.Video;
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
        var list = new Option<string>("--list") { Description = "A dataset list file: any list the training data accepts (path label, or path 0 -1).", Required = true };
        var decoders = new Option<string[]>("--decoder")
        {
            Description = $"Video decoder(s) to compare, measured one after the other on the same clips: {string.Join(", ", VideoBackends.Names.Names)}.",
            DefaultValueFactory = _ => ["ffmpeg-process", "in-process"], AllowMultipleArgumentsPerToken = true,
        };
        decoders.AcceptOnlyFromAmong([.. VideoBackends.Names.Names]);
        var workers = new Option<int>("--workers") { Description = "Parallel decode workers.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var batches = new Option<int>("--batches") { Description = "Batches to time after one warm-up batch.", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch") { Description = "Videos per batch.", DefaultValueFactory = _ => 8 };
        var frames = new Option<int>("--frames") { Description = "Frames per clip.", DefaultValueFactory = _ => 16 };
        var size = new Option<int>("--size") { Description = "Output clip size in pixels.", DefaultValueFactory = _ => 64 };
        var stride = new Option<int>("--stride") { Description = "Frame stride of dense sampling.", DefaultValueFactory = _ => 2 };
        var command = new Command("data", "Decoded and augmented clips per second of the loader per video decoder (the old ffmpeg process per clip beside the " +
            "in-process one by default), with the share of the workers' time spent decoding, augmenting (crop, resize, masks) and assembling batches.")
            { list, decoders, workers, batches, batch, frames, size, stride, json };
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var wanted = parse.GetValue(batches);
            Require(wanted > 0, $"--batches = {wanted}; expected a positive count.");
            var options = new LoaderOptions { BatchSize = parse.GetValue(batch), Workers = parse.GetValue(workers), DropLast = false, CacheMegabytes = 0 };
            var source = new VideoSource(parse.GetValue(list)!, parse.GetValue(stride));
            var distinct = new VideoDataset([source]).Items.Count;
            var dataset = DataBenchmark.Covering(source, (wanted + 1) * options.BatchSize);
            var recipe = new ClipRecipe(parse.GetValue(frames), parse.GetValue(size), TemporalSampling.Dense, SpatialAugmentation.MultiScaleCrop);
            // No cache (above): the benchmark measures decoding, which a cache would skip for a video seen before.
            // A list of frame folders decodes its JPEG frames whatever the video decoder: one run says all.
            var framesOnly = dataset.Items.All(i => i.Frames is not null);
            var chosen = parse.GetValue(decoders)!.Distinct().Select(VideoBackends.Names.Parse).Take(framesOnly ? 1 : int.MaxValue);
            var results = chosen.Select(decoder => DataBenchmark.Run(dataset, recipe, options with { Decoder = decoder }, wanted)).ToList();
            var baseline = framesOnly ? null : results.FirstOrDefault(r => r.Decoder == VideoBackend.FfmpegProcess);
            // Frame folders are decoded as JPEG files whichever video decoder was named.
            string Decoder(DataBenchmark.Result r) => framesOnly ? "jpeg-frames" : VideoBackends.Names.Name(r.Decoder);
            string? Speedup(DataBenchmark.Result r) => baseline is null || r.ClipsPerSecond <= 0 || baseline.ClipsPerSecond <= 0 ? null : $"{r.ClipsPerSecond / baseline.ClipsPerSecond:0.00}×";
            if (parse.GetValue(json))
            {
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["list"] = parse.GetValue(list),
                    ["videos"] = distinct,
                    ["videos_per_epoch"] = dataset.Items.Count,
                    ["workers"] = options.WorkerCount,
                    ["batch"] = options.BatchSize,
                    ["batches_timed"] = wanted,
                    ["frames"] = recipe.Frames,
                    ["size"] = recipe.Size,
                    ["stride"] = parse.GetValue(stride),
                    ["frame_folders_only"] = framesOnly,
                    ["results"] = results.Select(r => new Dictionary<string, object?>
                    {
                        ["decoder"] = Decoder(r),
                        ["clips"] = r.Clips,
                        ["seconds"] = Math.Round(r.Seconds, 3),
                        ["clips_per_second"] = Math.Round(r.ClipsPerSecond, 2),
                        ["decode_ms_per_clip"] = Math.Round(r.PerClipMilliseconds(r.Time.Decode), 2),
                        ["augment_ms_per_clip"] = Math.Round(r.PerClipMilliseconds(r.Time.Augment), 2),
                        ["assemble_ms_per_clip"] = Math.Round(r.PerClipMilliseconds(r.Time.Assemble), 2),
                        ["decode_share"] = Math.Round(r.Share(r.Time.Decode), 3),
                        ["augment_share"] = Math.Round(r.Share(r.Time.Augment), 3),
                        ["decode_failures"] = r.Failures,
                    }).ToList(),
                    ["speedup_vs_ffmpeg_process"] = baseline is null ? null : results.ToDictionary(Decoder, r => Math.Round(r.ClipsPerSecond / baseline.ClipsPerSecond, 2)),
                }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            Output.Table(["decoder", "clips/s", "decode ms/clip", "augment ms/clip", "assemble ms/clip", "decode", "augment", "failures", "speed-up"],
                results.Select(r => (IReadOnlyList<object>)[Decoder(r), Math.Round(r.ClipsPerSecond, 2),
                    Math.Round(r.PerClipMilliseconds(r.Time.Decode), 1), Math.Round(r.PerClipMilliseconds(r.Time.Augment), 1), Math.Round(r.PerClipMilliseconds(r.Time.Assemble), 1),
                    $"{r.Share(r.Time.Decode):P0}", $"{r.Share(r.Time.Augment):P0}", r.Failures, Speedup(r) ?? "-"]));
            var listed = dataset.Items.Count > distinct ? $" (listed {dataset.Items.Count / distinct}× so the timed batches run in one epoch)" : "";
            Console.WriteLine($"{distinct} videos of {parse.GetValue(list)}{listed}; {recipe.Frames} frames at stride {parse.GetValue(stride)} → {recipe.Size}², " +
                $"batch {options.BatchSize}, {options.WorkerCount} workers, {wanted} timed batches per decoder after one warm-up batch; " +
                "ms/clip and shares are summed over the workers" + (framesOnly ? "; the list holds only frame folders, so the video decoder does not apply" : ""));
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
