using static TorchSharp.torch;

namespace VideoMae.SelfCheck;

/// <summary>
/// A short dual-masking pre-training run through the real engine (<see cref="SyntheticPretraining"/>): the loss must
/// fall. The value is the mean loss of the last <see cref="Window"/> steps over the mean of the first
/// <see cref="Window"/>; it passes at or below <see cref="MaximumRatio"/>.
/// </summary>
public static class TrainingCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "training";

    /// <summary>Optimizer steps of the run.</summary>
    public const int Steps = 40;

    /// <summary>
    /// Steps averaged at each end, so one batch does not decide; a multiple of the 2-batch cycle through the clips
    /// (<see cref="SyntheticPretraining"/>), so both ends average the same clips and differ only in masks and weights.
    /// </summary>
    public const int Window = 6;

    /// <summary>
    /// The loss must end at least 15 % below where it started. Measured here (CPU, seed 0): 0.73 in float32 and in
    /// bfloat16 (0.2765 / 0.3764; most of the fall is to the mean-predictor floor of a normalised target); learning
    /// rate 1e-3 and 4e-3 give 0.72 and 0.77. A run whose updates do nothing (learning rate 0) measures 1.03: the
    /// masks differ between the windows. 0.85 lies between, 0.12 from the one and 0.18 from the other.
    /// </summary>
    public const double MaximumRatio = 0.85;

    /// <summary>Runs the check.</summary>
    public static CheckResult Run(CheckContext context)
    {
        using var setup = new SyntheticPretraining(context);
        var (task, engine) = setup.NewEngine();
        using (task)
        using (engine)
        {
            var losses = Enumerable.Range(0, Steps).Select(step => setup.Step(engine, step, Steps).Loss).ToArray();
            var (first, last) = (losses[..Window].Average(), losses[^Window..].Average());
            return CheckResult.Within(Name, last / first, MaximumRatio,
                $"mean loss of the last {Window} of {Steps} steps / first {Window}: {last:0.####} / {first:0.####} (tiny model, tube 90 % + running cell 50 %)");
        }
    }
}
