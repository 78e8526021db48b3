namespace VideoMae.Training.Optimization;

/// <summary>
/// The reference's per-step schedule (SPEC §4.1, utils.cosine_scheduler): a linear warm-up from 0 that reaches
/// <see cref="Peak"/> on its last step (numpy linspace with the end point), then a cosine from <see cref="Peak"/> down
/// towards <see cref="Floor"/> over the remaining steps. A pure function of the step.
/// </summary>
/// <param name="Peak">Learning rate at the end of warm-up (already scaled by the batch, see <see cref="ScaleByBatch"/>).</param>
/// <param name="Floor">The cosine's lower end (min_lr).</param>
/// <param name="WarmupSteps">Optimizer steps of warm-up.</param>
/// <param name="TotalSteps">Optimizer steps of the whole run, warm-up included.</param>
public sealed record LearningRateSchedule(double Peak, double Floor, int WarmupSteps, int TotalSteps)
{
    /// <summary>The learning rate of 0-based optimizer step <paramref name="step"/>.</summary>
    public double At(int step)
    {
        if (step < 0)
            throw new ArgumentOutOfRangeException(nameof(step), step, "expected a step ≥ 0.");
        if (step < WarmupSteps)
            return WarmupSteps == 1 ? Peak : Peak * step / (WarmupSteps - 1);
        var cosineSteps = TotalSteps - WarmupSteps;
        var i = Math.Min(step - WarmupSteps, cosineSteps);
        return Floor + 0.5 * (Peak - Floor) * (1 + Math.Cos(Math.PI * i / cosineSteps));
    }

    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public LearningRateSchedule Validate()
    {
        if (!(Peak >= 0) || double.IsInfinity(Peak))
            throw new ArgumentException($"peak learning rate = {Peak}; expected a finite value ≥ 0.", nameof(Peak));
        if (!(Floor >= 0) || Floor > Peak)
            throw new ArgumentException($"minimum learning rate = {Floor}; expected a value in [0, {Peak}] (the peak).", nameof(Floor));
        if (WarmupSteps < 0 || WarmupSteps >= TotalSteps)
            throw new ArgumentException($"warm-up of {WarmupSteps} steps in a run of {TotalSteps}; expected 0 ≤ warm-up < total steps.", nameof(WarmupSteps));
        return this;
    }

    /// <summary>The linear scaling rule of the reference: lr = base · videos per optimizer step / 256.</summary>
    public static double ScaleByBatch(double baseLearningRate, int videosPerStep) => baseLearningRate * videosPerStep / 256.0;
}
