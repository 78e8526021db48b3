using TorchSharp;
using System.Text.Json;
using VideoMae.Checkpoints;
using VideoMae.Config;
using VideoMae.Data.Datasets;
using VideoMae.Data.Sampling;
using VideoMae.Evaluation;
using VideoMae.Models;
using static TorchSharp.torch;
using VideoMae.Training.Runs;
using VideoMae.Training.Settings;
using VideoMae.Training.Tasks;

namespace VideoMae.Training;

/// <summary>
/// The library's front door to training, used by the command line and the notebooks alike: each method builds the
/// task from its settings, records them in the run folder and runs the <see cref="Trainer"/>.
/// </summary>
public static class TrainingRuns
{
    /// <summary>Pre-trains with dual masking into <paramref name="outDir"/>.</summary>
    public static TrainingResult Pretrain(PretrainSettings settings, string outDir, bool resume = false, Action<StepReport>? onStep = null,
        Action<string>? log = null, CancellationToken cancellation = default)
    {
        using var task = new PretrainTask(settings);
        return Trainer.Run(task, new Trainer.Options(settings.Optimizer, settings.Run, outDir, ToJson(settings), resume), onStep, log, cancellation);
    }

    /// <summary>
    /// Fine-tunes (or post-pre-trains) a classifier into <paramref name="outDir"/>; with a validation list, the final
    /// model is evaluated with the test views and the result written to eval.json and predictions.csv.
    /// </summary>
    public static TrainingResult Finetune(FinetuneSettings settings, string outDir, bool resume = false, Action<StepReport>? onStep = null,
        Action<string>? log = null, CancellationToken cancellation = default)
    {
        using var task = new FinetuneTask(settings, log);
        return Trainer.Run(task, new Trainer.Options(settings.Optimizer, settings.Run, outDir, ToJson(settings), resume,
            AfterTraining: result => Validate(result, settings, task.TrainSet, task.Classes, log)), onStep, log, cancellation);
    }

    /// <summary>Distils a student from a frozen teacher into <paramref name="outDir"/>.</summary>
    public static TrainingResult Distill(DistillSettings settings, string outDir, bool resume = false, Action<StepReport>? onStep = null,
        Action<string>? log = null, CancellationToken cancellation = default)
    {
        using var task = new DistillTask(settings, log);
        var student = settings.Student;
        return Trainer.Run(task, new Trainer.Options(student.Optimizer, student.Run, outDir, ToJson(settings), resume,
            AfterTraining: result => Validate(result, student, task.TrainSet, task.Classes, log)), onStep, log, cancellation);
    }

    /// <summary>
    /// Evaluates a trained classifier's weights (<paramref name="modelPath"/>) on <paramref name="set"/>, writing
    /// eval.json and predictions.csv to <paramref name="outFolder"/> when given (<see cref="EvaluationFiles"/>).
    /// </summary>
    public static ClassificationMetrics Evaluate(string modelPath, VitConfig config, int classes, VideoDataset set, ViewSpec views, string device = "cpu",
        string? outFolder = null, Action<int, int>? progress = null)
    {
        var dev = Trainer.DeviceOf(device);
        using var model = new VideoClassifier(config, classes);
        using (NewDisposeScope())
            CheckpointLoader.Load(model, KeyMapping.ToOfficial(CheckpointFile.Read(modelPath).Tensors, modelPath), strict: true, source: modelPath);
        model.to(dev);
        var result = ClassificationEvaluation.EvaluateVideos(model, set, views, dev, progress);
        if (outFolder is not null)
            EvaluationFiles.Write(new RunFolder(outFolder), result);
        return result.Metrics;
    }

    /// <summary>The test views of a fine-tuning run: "CLIPSxCROPS" (or "FRAMESxCLIPSxCROPS") at the model's frames and input size.</summary>
    public static ViewSpec TestViews(FinetuneSettings settings)
    {
        var config = settings.ModelConfig;
        var parts = settings.TestViews.Split('x', '×', 'X');
        var text = parts.Length == 2 ? $"{config.Frames}x{settings.TestViews}" : settings.TestViews;
        var sampling = settings.TemporalSampling == TemporalSampling.Segments ? TemporalSampling.Segments : TemporalSampling.Dense;
        var views = ViewSpec.Parse(text, new ViewSpec(Sampling: sampling, Stride: settings.Train[0].Stride, ShortSide: config.ImageSize));
        if (views.Frames != config.Frames)
            throw new ArgumentException($"test_views = '{settings.TestViews}' has {views.Frames} frames; the model takes {config.Frames}.");
        return views.Validate();
    }

    private static TrainingResult Validate(TrainingResult result, FinetuneSettings settings, VideoDataset train, int classes, Action<string>? log)
    {
        // A run cut short by max_steps is evaluated as it stands; one stopped by Ctrl+C is left for --resume.
        var reachedMaxSteps = settings.Run.MaxSteps is { } max && result.Steps >= max;
        if (settings.Val is not { } val || (result.Interrupted && !reachedMaxSteps))
            return result;
        var set = PeriodicValidation.SetOf(settings, train);
        var views = TestViews(settings);
        log?.Invoke($"evaluating {set.Items.Count} videos of {val} with {views}");
        var metrics = Evaluate(result.Folder.Model, settings.ModelConfig, classes, set, views, settings.Run.Device, result.Folder.Path);
        log?.Invoke($"val top-1 {metrics.Top1:P2}, top-5 {metrics.Top5:P2} ({metrics.Videos} videos)");
        return result with { Evaluation = metrics };
    }

    /// <summary>Settings as the JSON of config files and run folders (snake_case keys, the architecture resolved).</summary>
    public static string ToJson<T>(T settings) => SettingsJson.Write(settings);

    /// <summary>Reads settings from a JSON config file.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a JSON object.</exception>
    /// <exception cref="ArgumentException">An unknown key or a bad value, named with the file.</exception>
    public static T ReadConfig<T>(string path) => SettingsJson.Read<T>(ReadConfigObject(path), path);

    /// <summary>A JSON config file as an object, to which command-line flags can be applied before it is read.</summary>
    /// <inheritdoc cref="ReadConfig{T}(string)"/>
    public static System.Text.Json.Nodes.JsonObject ReadConfigObject(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such config file.", path);
        try
        {
            return SettingsJson.Parse(File.ReadAllText(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
