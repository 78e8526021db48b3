using TorchSharp;
using VideoMae.Data.Datasets;
using VideoMae.Data.Loading;
using VideoMae.Models;
using VideoMae.Training.Optimization;
using VideoMae.Training.Regularisation;
using VideoMae.Training.Runs;
using VideoMae.Training.Settings;
using static TorchSharp.torch;

namespace VideoMae.Training.Tasks;

/// <summary>
/// Logit distillation (SPEC §6): the student is fine-tuned as <see cref="FinetuneTask"/> sets it up, against a frozen
/// teacher classifier that sees the same (mixed) clips. Loss = α·T²·KL(p_teacher,T ‖ p_student,T) + (1−α)·CE(student,
/// soft labels); see <see cref="DistillSettings"/> for why these defaults.
/// </summary>
public sealed class DistillTask : ITrainingTask<VideoClassifier>
{
    private readonly DistillSettings _settings;
    private readonly FinetuneTask _student;
    private readonly VideoClassifier _teacher;

    /// <summary>A task for <paramref name="settings"/>; the teacher is loaded here and must fill every classifier key.</summary>
    public DistillTask(DistillSettings settings, Action<string>? log = null)
    {
        _settings = settings.Validate();
        _student = new FinetuneTask(settings.Student, log);
        var (teacher, student) = (settings.TeacherConfig, settings.Student.ModelConfig);
        if (teacher.Frames != student.Frames || teacher.ImageSize != student.ImageSize)
            throw new ArgumentException(
                $"teacher {settings.TeacherModel} takes {teacher.Frames}×{teacher.ImageSize}² clips but student {settings.Student.Model} takes {student.Frames}×{student.ImageSize}²; both must see the same clips.");
        _teacher = new VideoClassifier(teacher, _student.Classes);
        var report = ClassifierInitialisation.Load(_teacher, settings.Teacher);
        if (report.Missing.Count > 0)
            throw new InvalidDataException(
                $"{settings.Teacher}: the teacher must be a fine-tuned {_student.Classes}-class classifier of preset {settings.TeacherModel}, but it lacks {string.Join(", ", report.Missing.Take(4))}.");
        log?.Invoke($"teacher: {report.Describe()}");
        _teacher.eval();
        foreach (var p in _teacher.parameters())
            p.requires_grad = false;
    }

    /// <inheritdoc/>
    public string Kind => "distill";

    /// <inheritdoc/>
    public VideoDataset TrainSet => _student.TrainSet;

    /// <inheritdoc/>
    public ClipRecipe Recipe => _student.Recipe;

    /// <inheritdoc/>
    public int TokensPerClip => _student.TokensPerClip;

    /// <summary>Classes of both heads.</summary>
    public int Classes => _student.Classes;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> ModelMetadata => _student.ModelMetadata;

    /// <inheritdoc/>
    public VideoClassifier BuildModel() => _student.BuildModel();

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups(VideoClassifier model) => _student.ParameterGroups(model);

    /// <inheritdoc/>
    public void Prepare(Device device, ScalarType compute) => _teacher.to(device).to(compute);

    /// <inheritdoc/>
    public StepOutput Forward(VideoClassifier model, ClipBatch batch, ScalarType compute, int step)
    {
        using var scope = NewDisposeScope();
        var (video, targets) = _student.Mix(batch, step);
        var input = video.to(compute);
        var logits = model.call(input).to(ScalarType.Float32);
        Tensor teacherLogits;
        using (no_grad())
            teacherLogits = _teacher.call(input).to(ScalarType.Float32);
        var loss = Distillation.Loss(logits, teacherLogits, _settings.Temperature);
        if (_settings.Alpha < 1)
            loss = loss.Mul(_settings.Alpha) + SoftTargetCrossEntropy.Compute(logits, targets).Mul(1 - _settings.Alpha);
        return new StepOutput(loss.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    public void EpochEnded(VideoClassifier model, int epochs, RunFolder folder, Device device, Action<string> log) =>
        _student.EpochEnded(model, epochs, folder, device, log);

    /// <inheritdoc/>
    public void Dispose() => _teacher.Dispose();
}
