using VideoMae.Training.Runs;

namespace VideoMae.Training;

/// <summary>What the trainer tells its caller after each optimizer step (live plots, progress bars).</summary>
/// <param name="Metrics">The step's metrics, as written to metrics.csv.</param>
/// <param name="TotalSteps">Steps the run will take in all.</param>
/// <param name="StepsPerEpoch">Optimizer steps per epoch.</param>
/// <param name="CheckpointWritten">The checkpoint written after this step, if any.</param>
public sealed record StepReport(StepMetrics Metrics, int TotalSteps, int StepsPerEpoch, string? CheckpointWritten);

/// <summary>How a run ended.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Steps">Optimizer steps completed.</param>
/// <param name="TotalSteps">Steps the schedule spans.</param>
/// <param name="Interrupted">True when cancellation or max_steps stopped the run before the end of the schedule.</param>
/// <param name="LastLoss">Loss of the last step (NaN when no step ran).</param>
/// <param name="Evaluation">Validation results of a classifier run, when it had a validation list.</param>
/// <param name="SkippedSamples">Samples this process replaced because their video failed to decode.</param>
/// <param name="SkippedFiles">The videos that failed, sorted (null: not known, e.g. a notebook stage reused without training).</param>
public sealed record TrainingResult(RunFolder Folder, int Steps, int TotalSteps, bool Interrupted, double LastLoss, Evaluation.ClassificationMetrics? Evaluation = null,
    long SkippedSamples = 0, IReadOnlyList<string>? SkippedFiles = null);

/// <summary>The loss or the gradient became NaN or infinite; the run stopped before applying the update.</summary>
public sealed class NonFiniteLossException(int step, double loss, double gradNorm, double learningRate, string? lastCheckpoint)
    : Exception($"non-finite training state at step {step} (loss {loss}, gradient norm {gradNorm}, learning rate {learningRate:G4}); " +
        (lastCheckpoint is null ? "no checkpoint was written yet." : $"the last good checkpoint is {lastCheckpoint} (left untouched); resume from it with a lower learning rate or gradient clipping."))
{
    /// <summary>The 1-based step whose loss was not finite.</summary>
    public int Step { get; } = step;

    /// <summary>The last good checkpoint, if any.</summary>
    public string? LastCheckpoint { get; } = lastCheckpoint;

    /// <summary>The learning rate of the failing step.</summary>
    public double LearningRate { get; } = learningRate;

    /// <summary>The loss of the failing step.</summary>
    public double Loss { get; } = loss;

    /// <summary>The gradient norm of the failing step.</summary>
    public double GradNorm { get; } = gradNorm;

    /// <summary>The same failure, naming the run's last good checkpoint.</summary>
    public NonFiniteLossException WithCheckpoint(string? checkpoint) => new(Step, Loss, GradNorm, LearningRate, checkpoint);
}
