using System.Text.Json;
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

    /// <summary>Fine-tunes (or post-pre-trains) a classifier into <paramref name="outDir"/>.</summary>
    public static TrainingResult Finetune(FinetuneSettings settings, string outDir, bool resume = false, Action<StepReport>? onStep = null,
        Action<string>? log = null, CancellationToken cancellation = default)
    {
        using var task = new FinetuneTask(settings, log);
        return Trainer.Run(task, new Trainer.Options(settings.Optimizer, settings.Run, outDir, ToJson(settings), resume), onStep, log, cancellation);
    }

    /// <summary>Distils a student from a frozen teacher into <paramref name="outDir"/>.</summary>
    public static TrainingResult Distill(DistillSettings settings, string outDir, bool resume = false, Action<StepReport>? onStep = null,
        Action<string>? log = null, CancellationToken cancellation = default)
    {
        using var task = new DistillTask(settings, log);
        var student = settings.Student;
        return Trainer.Run(task, new Trainer.Options(student.Optimizer, student.Run, outDir, ToJson(settings), resume), onStep, log, cancellation);
    }

    /// <summary>Settings as the JSON of config files and run folders (snake_case keys).</summary>
    public static string ToJson<T>(T settings) => JsonSerializer.Serialize(settings, Trainer.Json);

    /// <summary>Reads settings from a JSON config file; unknown keys are an error that names them.</summary>
    public static T ReadConfig<T>(string path) where T : new()
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such config file.", path);
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Trainer.Json) ?? new T();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
