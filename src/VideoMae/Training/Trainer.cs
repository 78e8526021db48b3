using TorchSharp;
using System.Diagnostics;
using System.Text.Json;
using VideoMae.Checkpoints;
using VideoMae.Data.Loading;
using VideoMae.Runtime;
using VideoMae.Training.Optimization;
using VideoMae.Training.Runs;
using VideoMae.Training.Settings;
using VideoMae.Training.Tasks;
using static TorchSharp.torch;

namespace VideoMae.Training;

/// <summary>
/// The training engine shared by pre-training, fine-tuning and distillation (STYLE L7): it builds the task's model
/// and optimizer, runs the per-step schedule over the loader's batches with gradient accumulation, clipping and the
/// chosen precision, stops on a non-finite loss before the update, writes metrics and atomic checkpoints, and resumes
/// a killed run where its last checkpoint left it. Every step reseeds libtorch from (seed, step) and every sample's
/// randomness depends on (seed, epoch, position), so a resumed run repeats an uninterrupted one.
/// </summary>
public static class Trainer
{
    /// <summary>Options of one run besides the task.</summary>
    /// <param name="Optimizer">AdamW and schedule.</param>
    /// <param name="Run">Length, batch, device, checkpoints.</param>
    /// <param name="OutDir">The run folder (created).</param>
    /// <param name="SettingsJson">The task's full settings, stored in config.json and in checkpoints.</param>
    /// <param name="Resume">Continue from the folder's checkpoint; without it a folder that holds a run is refused (<see cref="RunStart"/>).</param>
    /// <param name="AfterTraining">Work on the finished run that must still hold the folder's lock (a fine-tuning's final
    /// evaluation, which writes eval.json); its result is the run's.</param>
    public sealed record Options(OptimizerSettings Optimizer, RunSettings Run, string OutDir, string SettingsJson, bool Resume = false,
        Func<TrainingResult, TrainingResult>? AfterTraining = null);

    /// <summary>JSON options of every file the engine writes (snake_case keys, enums by name).</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Trains <paramref name="task"/> with a <see cref="TrainingEngine{TModel}"/>. <paramref name="onStep"/> is called
    /// after every optimizer step; cancelling <paramref name="cancellation"/> stops at the next step boundary with a
    /// checkpoint. The run holds the folder's <see cref="RunLock"/> throughout; a folder it may not write to
    /// (<see cref="RunStart"/>) and unusable settings are refused before anything is created or written.
    /// </summary>
    public static TrainingResult Run<TModel>(ITrainingTask<TModel> task, Options options, Action<StepReport>? onStep = null, Action<string>? log = null,
        CancellationToken cancellation = default) where TModel : nn.Module
    {
        TorchRuntime.EnsureLoaded();
        var (run, opt) = (options.Run.Validate(), options.Optimizer.Validate());
        log ??= _ => { };
        // Every check that can refuse the run comes before the folder is created: a refused run leaves nothing behind.
        var device = DeviceOf(run.Device);
        var compute = ComputeType(run.Precision, device);
        var loader = new ClipLoader(task.TrainSet, task.Recipe, run with { Log = log }, device);
        var stepsPerEpoch = loader.BatchesPerEpoch / run.Accumulation;
        if (stepsPerEpoch == 0)
            throw new ArgumentException(
                $"the training set has {task.TrainSet.Items.Count} videos, fewer than one optimizer step of {run.BatchSize} × {run.Accumulation} videos; lower --batch or --accumulation.");
        var totalSteps = run.Epochs * stepsPerEpoch;
        var warmup = Math.Min((int)Math.Round(opt.WarmupEpochs * stepsPerEpoch), totalSteps - 1);
        var schedule = new LearningRateSchedule(
            LearningRateSchedule.ScaleByBatch(opt.BaseLearningRate, run.VideosPerStep),
            LearningRateSchedule.ScaleByBatch(opt.MinLearningRate, run.VideosPerStep), warmup, totalSteps).Validate();
        var folder = new RunFolder(options.OutDir);
        RunLock.ThrowIfInUse(folder.Path);
        RunStart.Check(folder, options.Resume, options.SettingsJson);

        // One writer from here on; asked again under the lock, since another run may have written in between.
        using var held = RunLock.Acquire(folder.Path);
        var resumeFrom = RunStart.Check(folder, options.Resume, options.SettingsJson, log);
        foreach (var stale in folder.RemoveTemporaryFiles())
            log($"removed {stale}, left by a write that never finished");
        if (device.type == DeviceType.CUDA)
        {
            backends.cuda.matmul.allow_tf32 = true;
            backends.cudnn.allow_tf32 = true;
        }
        File.WriteAllText(folder.Config, options.SettingsJson);
        File.WriteAllText(folder.Machine, JsonSerializer.Serialize(MachineInfo.Current(device), Json));

        using var engine = new TrainingEngine<TModel>(task, opt, device, compute, run.Seed, run.Accumulation);
        var master = engine.Master;
        var optimizer = engine.Optimizer;

        var step = 0;
        var savedAt = -1;
        string? lastCheckpoint = null;
        if (resumeFrom is not null)
        {
            var position = TrainingCheckpoint.Load(resumeFrom, master, optimizer, task.Kind);
            step = savedAt = position.Step;
            lastCheckpoint = resumeFrom;
            log($"resume: {resumeFrom} at step {step} of {totalSteps}");
        }
        var stopAt = Math.Min(totalSteps, run.MaxSteps is { } max ? Math.Max(step, max) : totalSteps);
        log($"{task.TrainSet.Items.Count} videos, {stepsPerEpoch} steps/epoch × {run.Epochs} epochs = {totalSteps} steps; " +
            $"batch {run.BatchSize}×{run.RepeatedSamples} clips × {run.Accumulation} accumulation; peak lr {schedule.Peak:G4}; {device} {compute}");

        using var metrics = new MetricsLog(folder.Metrics, step);
        var lastLoss = double.NaN;
        var skipped = 0L;
        while (step < stopAt && !cancellation.IsCancellationRequested)
        {
            var epoch = step / stepsPerEpoch;
            using var batches = loader.Epoch(epoch, cancellation, (step % stepsPerEpoch) * run.Accumulation).GetEnumerator();
            while (step < stopAt && step / stepsPerEpoch == epoch && !cancellation.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                var lr = schedule.At(step);
                StepOutcome? outcome;
                try
                {
                    outcome = engine.Step(batches, step, lr);
                }
                catch (NonFiniteLossException e)
                {
                    throw e.WithCheckpoint(lastCheckpoint);
                }
                if (outcome is not { } done)
                    break;   // cancelled while waiting for data: the step is dropped, the last completed one is saved below
                var (loss, baseline, gradNorm, clips, waited) = done;
                step++;
                lastLoss = loss;
                var seconds = watch.Elapsed.TotalSeconds;
                var row = new StepMetrics(step, (double)step / stepsPerEpoch, loss, lr, gradNorm, clips / seconds,
                    clips * task.TokensPerClip / seconds, waited, seconds, Environment.WorkingSet / (1024.0 * 1024.0), baseline);
                metrics.Append(row);
                string? written = null;
                if (run.CheckpointEvery > 0 && step % run.CheckpointEvery == 0)
                {
                    written = lastCheckpoint = Save(folder, master, optimizer, step, lr, task.Kind, options.SettingsJson);
                    savedAt = step;
                }
                onStep?.Invoke(new StepReport(row, totalSteps, stepsPerEpoch, written));
            }
            if (step == (epoch + 1) * stepsPerEpoch)
            {
                skipped = SkippedInEpoch(loader.Stats, skipped, epoch + 1, run.Epochs, log);
                // Failed videos and frame folders were each logged once when first met; this names them with their reasons.
                if (loader.Stats.FailureReport() is { } failures)
                    log($"epoch {epoch + 1}: {failures}");
                if (!cancellation.IsCancellationRequested)
                    task.EpochEnded(master, epoch + 1, folder, device, log);
            }
        }
        if (step > 0 && savedAt != step)
            Save(folder, master, optimizer, step, schedule.At(Math.Min(step, totalSteps - 1)), task.Kind, options.SettingsJson);
        SaveModel(folder, master, task, step);
        var failed = loader.Stats.FailedPaths.Keys.Order(StringComparer.Ordinal).ToList();
        if (loader.Stats.Failures > 0)
            log($"data: skipped samples {loader.Stats.Failures} in this run; failed videos: {string.Join(", ", failed)}");
        var result = new TrainingResult(folder, step, totalSteps, step < totalSteps, lastLoss, SkippedSamples: loader.Stats.Failures, SkippedFiles: failed);
        return options.AfterTraining?.Invoke(result) ?? result;
    }

    // An epoch's line about the samples its failed videos cost (only when there were some), e.g.
    // "epoch 3/10: skipped samples 2 (5 in this run; failed videos: a.mp4, b.mp4)"; returns the run's count so far.
    private static long SkippedInEpoch(LoaderStats stats, long before, int epoch, int epochs, Action<string> log)
    {
        var now = stats.Failures;
        if (now > before)
            log($"epoch {epoch}/{epochs}: skipped samples {now - before} ({now} in this run; failed videos: {string.Join(", ", stats.FailedPaths.Keys.Order(StringComparer.Ordinal))})");
        return now;
    }

    /// <summary>The device named by <paramref name="name"/>, checked to be usable in this process.</summary>
    public static Device DeviceOf(string name)
    {
        if (name.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) && !TorchRuntime.CudaAvailable)
            throw new ArgumentException($"device = {name}, but CUDA is not available in this process (CPU libtorch backend, or no GPU); use --device cpu, or `./build.sh backend cuda` on a GPU machine.");
        return device(name.ToLowerInvariant());
    }

    /// <summary>The compute type of <paramref name="precision"/> on <paramref name="device"/>.</summary>
    public static ScalarType ComputeType(Precision precision, Device device) => precision switch
    {
        Precision.Float32 => ScalarType.Float32,
        Precision.BFloat16 => ScalarType.BFloat16,
        _ => device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32,
    };

    private static string Save(RunFolder folder, nn.Module master, AdamW optimizer, int step, double lr, string task, string settings)
    {
        TrainingCheckpoint.Save(folder.Checkpoint, master, optimizer, step, lr, task, settings);
        return folder.Checkpoint;
    }

    private static void SaveModel<TModel>(RunFolder folder, TModel master, ITrainingTask<TModel> task, int step) where TModel : nn.Module
    {
        using var scope = NewDisposeScope();
        Safetensors.Save(folder.Model, master.state_dict(), new Dictionary<string, string>(task.ModelMetadata)
        {
            ["task"] = task.Kind,
            ["step"] = step.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }
}
