using TorchSharp;

namespace VideoMae.SelfCheck;

/// <summary>
/// No tensor leaks in the training step: after <see cref="WarmupSteps"/> steps (which create the gradients and the
/// optimizer's moments) the number of live TorchSharp tensors on this thread
/// (<c>DisposeScopeManager.Statistics.ThreadTotalLiveCount</c>, as the engine's 50-step leak test counts them) must
/// not change over <see cref="Steps"/> more. The value is the growth; it passes at 0.
/// </summary>
public static class MemoryCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "memory";

    /// <summary>Steps before the count: the first allocate gradients and moment buffers that then live on.</summary>
    public const int WarmupSteps = 2;

    /// <summary>Steps counted over: a leak of one handle per step shows as a growth of at least this many.</summary>
    public const int Steps = 20;

    /// <summary>Runs the check.</summary>
    public static CheckResult Run(CheckContext context)
    {
        using var setup = new SyntheticPretraining(context);
        var (task, engine) = setup.NewEngine();
        using (task)
        using (engine)
        {
            var total = WarmupSteps + Steps;
            for (var step = 0; step < WarmupSteps; step++)
                setup.Step(engine, step, total);
            var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            for (var step = WarmupSteps; step < total; step++)
                setup.Step(engine, step, total);
            var after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            return CheckResult.Within(Name, after - before, 0,
                $"live tensors after {WarmupSteps} warm-up steps: {before}, after {Steps} more: {after}");
        }
    }
}
