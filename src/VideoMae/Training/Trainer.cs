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
    /// <param name="Resume">Continue from the folder's checkpoint; without it a folder that holds a checkpoint is refused.</param>
    public sealed record Options(OptimizerSettings Optimizer, RunSettings Run, string OutDir, string SettingsJson, bool Resume = false);

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
    /// checkpoint. A resume whose settings change the run (<see cref="SettingsComparison"/>) is refused before anything is written.
    /// </summary>
    public static TrainingResult Run<TModel>(ITrainingTask<TModel> task, Options options, Action<StepReport>? onStep = null, Action<string>? log = null,
        CancellationToken cancellation = default) where TModel : nn.Module
    {
        TorchRuntime.EnsureLoaded();
        var (run, opt) = (options.Run.Validate(), options.Optimizer.Validate());
        log ??= _ => { };
        var folder = new RunFolder(options.OutDir);
        Directory.CreateDirectory(folder.Path);
        var resumeFrom = File.Exists(folder.Checkpoint) ? folder.Checkpoint : null;
        if (resumeFrom is not null && !options.Resume)
            throw new ArgumentException($"{folder.Path} already holds a run ({folder.Checkpoint}); pass --resume to continue it, or choose another --out.");
        if (resumeFrom is not null)
        {
            // Before anything is written: a refused resume leaves the folder as it was.
            var differences = SettingsComparison.Compare(TrainingCheckpoint.ReadSettings(resumeFrom), options.SettingsJson);
            if (differences.Changing.Count > 0)
                throw new ArgumentException(SettingsComparison.Message(differences.Changing));
            if (differences.Harmless.Count > 0)
                log($"resume: continuing with changed {string.Join(", ", differences.Harmless)}");
        }
        var device = DeviceOf(run.Device);
        var compute = ComputeType(run.Precision, device);
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
            // Failed videos were each logged once when first met; the epoch's report names them all together.
            if (loader.Stats.FailureReport() is { } failures)
                log($"epoch {epoch + 1}: {failures}");
            if (step == (epoch + 1) * stepsPerEpoch && !cancellation.IsCancellationRequested)
                task.EpochEnded(master, epoch + 1, folder, device, log);
        }
        if (step > 0 && savedAt != step)
            Save(folder, master, optimizer, step, schedule.At(Math.Min(step, totalSteps - 1)), task.Kind, options.SettingsJson);
        SaveModel(folder, master, task, step);
        return new TrainingResult(folder, step, totalSteps, step < totalSteps, lastLoss);
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
