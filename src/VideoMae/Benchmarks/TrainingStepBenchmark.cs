using System.Diagnostics;
using TorchSharp;
using VideoMae.Accounting;
using VideoMae.Config;
using VideoMae.Masking;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Targets;
using VideoMae.Training;
using VideoMae.Data.Loading;
using VideoMae.Training.Settings;
using VideoMae.Training.Tasks;
using static TorchSharp.torch;

namespace VideoMae.Benchmarks;

/// <summary>One configuration's result of <see cref="TrainingStepBenchmark"/>.</summary>
/// <param name="Model">Preset name.</param>
/// <param name="Masking">The dual masking.</param>
/// <param name="Batch">Clips per step.</param>
/// <param name="Steps">Timed steps.</param>
/// <param name="MedianSeconds">Median wall time of one training step (forward, loss, backward, AdamW).</param>
/// <param name="ClipsPerSecond">Batch / median.</param>
/// <param name="ForwardGmacsPerClip">The analytic forward count of one clip (the paper's "FLOPs", SPEC §3.1).</param>
/// <param name="AchievedGflopsPerSecond">3 × forward MACs × batch / median, in the paper's convention of 1 MAC = 1 FLOP.</param>
/// <param name="ActivationMegabytesPerClip">
/// Memory held after the forward pass and loss (the activations autograd saves) above the memory before it, per clip —
/// what the paper's memory column measures (SPEC §3.2). Read from <paramref name="MemoryCounter"/>; NaN where no
/// counter can see live tensors (CUDA with libtorch's caching allocator on).
/// </param>
/// <param name="PeakMemoryMegabytes">Peak memory of a whole step (activations, gradients, optimizer temporaries) above the memory before it, MiB; NaN like the activations.</param>
/// <param name="Device">Where it ran.</param>
/// <param name="MemoryCounter">Which counter the memory columns come from, or why there are none.</param>
public sealed record StepBenchmarkResult(string Model, DualMasking Masking, int Batch, int Steps, double MedianSeconds, double ClipsPerSecond,
    double ForwardGmacsPerClip, double AchievedGflopsPerSecond, double ActivationMegabytesPerClip, double PeakMemoryMegabytes, string Device,
    string MemoryCounter);

/// <summary>
/// The project's performance benchmark (issue: "videomae bench step"): the wall time of one pre-training step on
/// synthetic input, for several decoder maskings of one preset measured side by side — their timed steps alternate,
/// so load on the machine affects every configuration alike and the speed-up ratio is fair.
/// </summary>
public static class TrainingStepBenchmark
{
    /// <summary>
    /// Measures each masking of <paramref name="maskings"/> on <paramref name="model"/>. On CUDA,
    /// <paramref name="flashAttention"/> allows or forbids libtorch's flash-attention kernel for the whole run
    /// (null keeps libtorch's default, allowed); the memory-efficient and math kernels stay available either way.
    /// </summary>
    public static IReadOnlyList<StepBenchmarkResult> Run(string model, IReadOnlyList<DualMasking> maskings, int batch, int steps, string device = "cpu",
        Precision precision = Precision.Auto, int warmupSteps = 2, int seed = 0, bool? flashAttention = null)
    {
        TorchRuntime.EnsureLoaded();
        Require.Positive(batch, nameof(batch));
        Require.Positive(steps, nameof(steps));
        if (maskings.Count == 0)
            throw new ArgumentException("no masking to measure; expected at least one decoder masking.", nameof(maskings));
        var config = Presets.Get(model);
        var dev = Trainer.DeviceOf(device);
        var memory = MemoryCounter.For(dev);
        if (flashAttention is { } flash)
        {
            if (dev.type != DeviceType.CUDA)
                throw new ArgumentException($"flash attention = {flash}, but device = {device}; the switch exists on CUDA only.", nameof(flashAttention));
            backends.cuda.enable_flash_sdp(flash);
        }
        var compute = Trainer.ComputeType(precision, dev);
        // One task and one engine for every masking: the training run's own step, on the same weights throughout.
        var settings = new PretrainSettings { Model = model, Run = new RunSettings { Seed = seed } };
        using var task = PretrainTask.OnGivenBatches(settings);
        using var engine = new TrainingEngine<PretrainModel>(task, settings.Optimizer, dev, compute, seed);
        var rng = new Random(seed);
        var inputs = maskings.Select(m => Input(config, m.Validate(config.Encoder.Grid), batch, dev, rng)).ToArray();
        try
        {
            var (peaks, activations) = (new double[maskings.Count], new double[maskings.Count]);
            for (var c = 0; c < maskings.Count; c++)
            {
                for (var w = 0; w < warmupSteps; w++)
                    Step(engine, inputs[c], w);
                activations[c] = ForwardMegabytes(task, engine, inputs[c], memory) / batch;
                peaks[c] = memory.PeakAbove(() => Step(engine, inputs[c], warmupSteps));
            }
            var times = maskings.Select(_ => new List<double>()).ToArray();
            for (var s = 0; s < steps; s++)
                for (var c = 0; c < maskings.Count; c++)
                    times[c].Add(Step(engine, inputs[c], warmupSteps + 1 + s));
            return maskings.Select((m, c) =>
            {
                var median = Median(times[c]);
                var macs = MacCounter.PretrainForward(config, MaskCounts.Of(m.Sample(config.Encoder.Grid, new Random(0)))).TotalWithLayerNorm / 1e9;
                return new StepBenchmarkResult(model, m, batch, steps, median, batch / median, macs, 3 * macs * batch / median,
                    Math.Max(0, activations[c]), Math.Max(0, peaks[c]), dev.ToString(), memory.Name);
            }).ToList();
        }
        finally
        {
            foreach (var input in inputs)
                input.Dispose();
        }
    }

    /// <summary>A batch of random clips with masks of <paramref name="masking"/>, as the loader would hand it over.</summary>
    private static ClipBatch Input(PretrainConfig config, DualMasking masking, int batch, Device device, Random rng)
    {
        var e = config.Encoder;
        var video = randn([batch, e.InChannels, e.Frames, e.ImageSize, e.ImageSize], device: device).DetachFromDisposeScope();
        var split = TokenSplit.FromMasks(Enumerable.Range(0, batch).Select(_ => masking.Sample(e.Grid, rng)).ToArray(), LossTokens.EncoderHiddenOnly, device);
        return new ClipBatch(video, split.DetachFromDisposeScope(), zeros(batch, ScalarType.Int64, device).DetachFromDisposeScope(), new int[batch]);
    }

    /// <summary>A view of <paramref name="input"/> that the engine may dispose without freeing the benchmark's tensors.</summary>
    private static IEnumerator<ClipBatch> Once(ClipBatch input)
    {
        yield return new ClipBatch(input.Video.alias(), input.Split!.To(input.Video.device), input.Labels.alias(), input.Videos);
    }

    /// <summary>The wall time of the engine's training step on <paramref name="input"/>.</summary>
    private static double Step(TrainingEngine<PretrainModel> engine, ClipBatch input, int step)
    {
        var watch = Stopwatch.StartNew();
        using var batches = Once(input);
        _ = engine.Step(batches, step, 1e-4);
        if (engine.Device.type == DeviceType.CUDA)
            cuda.synchronize(engine.Device);
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Memory the task's forward pass and loss hold above the memory before them: the activations autograd saves
    /// (SPEC §3.2), measured on the working model before backward would free them.
    /// </summary>
    private static double ForwardMegabytes(PretrainTask task, TrainingEngine<PretrainModel> engine, ClipBatch input, MemoryCounter memory)
    {
        using var scope = NewDisposeScope();
        using var batch = new ClipBatch(input.Video.alias(), input.Split!.To(input.Video.device), input.Labels.alias(), input.Videos);
        var before = memory.Now();
        engine.Working.train();
        var output = task.Forward(engine.Working, batch, engine.Compute, step: 0);
        if (engine.Device.type == DeviceType.CUDA)
            cuda.synchronize(engine.Device);
        var held = memory.Now() - before;
        output.Loss.Dispose();
        return held;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
