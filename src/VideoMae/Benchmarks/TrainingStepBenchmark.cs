using System.Diagnostics;
using TorchSharp;
using VideoMae.Accounting;
using VideoMae.Config;
using VideoMae.Masking;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Targets;
using VideoMae.Training;
using VideoMae.Training.Optimization;
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
/// what the paper's memory column measures (SPEC §3.2). Resident memory of the process (CPU); 0 on CUDA.
/// </param>
/// <param name="PeakMemoryMegabytes">Peak resident memory of a whole step (activations, gradients, optimizer temporaries) above the memory before it, MiB; 0 on CUDA.</param>
/// <param name="Device">Where it ran.</param>
public sealed record StepBenchmarkResult(string Model, DualMasking Masking, int Batch, int Steps, double MedianSeconds, double ClipsPerSecond,
    double ForwardGmacsPerClip, double AchievedGflopsPerSecond, double ActivationMegabytesPerClip, double PeakMemoryMegabytes, string Device);

/// <summary>
/// The project's performance benchmark (issue: "videomae bench step"): the wall time of one pre-training step on
/// synthetic input, for several decoder maskings of one preset measured side by side — their timed steps alternate,
/// so load on the machine affects every configuration alike and the speed-up ratio is fair.
/// </summary>
public static class TrainingStepBenchmark
{
    /// <summary>Measures each masking of <paramref name="maskings"/> on <paramref name="model"/>.</summary>
    public static IReadOnlyList<StepBenchmarkResult> Run(string model, IReadOnlyList<DualMasking> maskings, int batch, int steps, string device = "cpu",
        Training.Settings.Precision precision = Training.Settings.Precision.Auto, int warmupSteps = 2, int seed = 0)
    {
        TorchRuntime.EnsureLoaded();
        Require.Positive(batch, nameof(batch));
        Require.Positive(steps, nameof(steps));
        if (maskings.Count == 0)
            throw new ArgumentException("no masking to measure; expected at least one decoder masking.", nameof(maskings));
        var config = Presets.Get(model);
        var dev = Trainer.DeviceOf(device);
        ProcessMemory.TrackLiveAllocations();
        var compute = Trainer.ComputeType(precision, dev);
        manual_seed(seed);
        using var master = new PretrainModel(config);
        master.to(dev);
        using var optimizer = new AdamW(ParameterGroups.DecayAndNoDecay(master, 0.05), 0.9, 0.95);
        // The trainer's arrangement: float32 master weights, and in mixed precision a bfloat16 working copy.
        using var mixed = compute == ScalarType.Float32 ? null : new MixedPrecisionCopy(master, new PretrainModel(config), compute);
        var net = new Network((PretrainModel)(mixed?.Working ?? master), mixed);
        net.Model.train();
        var rng = new Random(seed);
        var inputs = maskings.Select(m => Input(config, m.Validate(config.Encoder.Grid), batch, dev, rng)).ToArray();
        try
        {
            var (peaks, activations) = (new double[maskings.Count], new double[maskings.Count]);
            for (var c = 0; c < maskings.Count; c++)
            {
                for (var w = 0; w < warmupSteps; w++)
                    Step(net, optimizer, config, inputs[c], compute, dev);
                var before = ProcessMemory.ResidentMegabytes;
                ProcessMemory.ResetPeak();
                Step(net, optimizer, config, inputs[c], compute, dev, () => activations[c] = (ProcessMemory.ResidentMegabytes - before) / batch);
                peaks[c] = ProcessMemory.PeakMegabytes - before;
            }
            var onCuda = dev.type == DeviceType.CUDA;
            var times = maskings.Select(_ => new List<double>()).ToArray();
            for (var s = 0; s < steps; s++)
                for (var c = 0; c < maskings.Count; c++)
                    times[c].Add(Step(net, optimizer, config, inputs[c], compute, dev));
            return maskings.Select((m, c) =>
            {
                var median = Median(times[c]);
                var macs = MacCounter.PretrainForward(config, MaskCounts.Of(m.Sample(config.Encoder.Grid, new Random(0)))).TotalWithLayerNorm / 1e9;
                return new StepBenchmarkResult(model, m, batch, steps, median, batch / median, macs, 3 * macs * batch / median,
                    onCuda ? 0 : Math.Max(0, activations[c]), onCuda ? 0 : Math.Max(0, peaks[c]), dev.ToString());
            }).ToList();
        }
        finally
        {
            foreach (var (video, encoder, decoder) in inputs)
            {
                video.Dispose();
                encoder.Dispose();
                decoder.Dispose();
            }
        }
    }

    private static (Tensor Video, Tensor Encoder, Tensor Decoder) Input(PretrainConfig config, DualMasking masking, int batch, Device device, Random rng)
    {
        var e = config.Encoder;
        var video = randn([batch, e.InChannels, e.Frames, e.ImageSize, e.ImageSize], device: device).DetachFromDisposeScope();
        var (encoder, decoder) = MaskBatch.ToTensors(Enumerable.Range(0, batch).Select(_ => masking.Sample(e.Grid, rng)).ToArray(), device);
        return (video, encoder.DetachFromDisposeScope(), decoder.DetachFromDisposeScope());
    }

    private sealed record Network(PretrainModel Model, MixedPrecisionCopy? Mixed);

    private static double Step(Network net, AdamW optimizer, PretrainConfig config, (Tensor Video, Tensor Encoder, Tensor Decoder) input,
        ScalarType compute, Device device, Action? afterForward = null)
    {
        var watch = Stopwatch.StartNew();
        using (NewDisposeScope())
        {
            net.Mixed?.PullWeights();
            var target = ReconstructionTarget.Build(input.Video, config.Encoder);
            var prediction = net.Model.call(input.Video.to(compute), input.Encoder, input.Decoder);
            var loss = ReconstructionLoss.Compute(prediction, target, input.Encoder, input.Decoder);
            afterForward?.Invoke();
            loss.backward();
            net.Mixed?.PushGradients();
            optimizer.Step(1e-4);
            optimizer.ZeroGrad();
        }
        if (device.type == DeviceType.CUDA)
            cuda.synchronize(device);
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
