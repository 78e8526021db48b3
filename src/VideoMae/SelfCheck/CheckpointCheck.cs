using VideoMae.Models;
using VideoMae.Training;
using VideoMae.Training.Runs;
using VideoMae.Training.Settings;
using static TorchSharp.torch;

namespace VideoMae.SelfCheck;

/// <summary>
/// Resume: train <see cref="BeforeSave"/> steps, write a training checkpoint with the trainer's atomic writer
/// (<see cref="TrainingCheckpoint"/>), load it into a fresh engine on the same device, take <see cref="AfterResume"/>
/// more steps, and compare every parameter with a run that was never interrupted. The value is the largest absolute
/// parameter difference. The checkpoint lives in a temporary folder, deleted afterwards.
/// </summary>
public static class CheckpointCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "checkpoint";

    /// <summary>Steps before the checkpoint.</summary>
    public const int BeforeSave = 3;

    /// <summary>Steps after the resume.</summary>
    public const int AfterResume = 3;

    /// <summary>
    /// On the CPU: 1e-6. The resumed run repeats the same operations on the same values, so it is exact (measured here:
    /// 0 in float32 and bfloat16); the bound only allows for a libtorch whose CPU kernels split reductions by thread
    /// timing. A resume that loses state is far above it: resuming with fresh Adam moments moves the parameters by up
    /// to 7.5e-3 (measured).
    /// </summary>
    public const double Cpu = 1e-6;

    /// <summary>
    /// On CUDA: 1e-4 (reasoned, not measured: no GPU was at hand). The backward pass of index_select (the token gather)
    /// adds rows with atomics in no fixed order, so two identical runs' gradients differ by float32 rounding (relative
    /// ~1e-6). AdamW turns a relative gradient difference ε into an update difference of about lr·ε — its epsilon
    /// (1e-8) keeps noise-level gradients from taking full ±lr steps — and 3 steps at lr ≤ 2e-3 leave differences
    /// orders of magnitude below 1e-4, while lost optimizer state moves parameters by 7.5e-3, 75× the bound.
    /// </summary>
    public const double Cuda = 1e-4;

    /// <summary>Runs the check.</summary>
    public static CheckResult Run(CheckContext context)
    {
        var total = BeforeSave + AfterResume;
        using var setup = new SyntheticPretraining(context);
        var folder = Directory.CreateTempSubdirectory("videomae-check-").FullName;
        try
        {
            var path = Path.Combine(folder, "checkpoint.safetensors");
            var (task, straight) = setup.NewEngine();
            using (task)
            using (straight)
            {
                for (var step = 0; step < total; step++)
                {
                    setup.Step(straight, step, total);
                    if (step + 1 == BeforeSave)
                        TrainingCheckpoint.Save(path, straight.Master, straight.Optimizer, BeforeSave, SyntheticPretraining.LearningRate(BeforeSave, total),
                            task.Kind, SettingsJson.Write(setup.Settings));
                }
                var (resumedTask, resumed) = setup.NewEngine();
                using (resumedTask)
                using (resumed)
                {
                    var position = TrainingCheckpoint.Load(path, resumed.Master, resumed.Optimizer, resumedTask.Kind);
                    for (var step = position.Step; step < total; step++)
                        setup.Step(resumed, step, total);
                    var (difference, worst) = LargestDifference(straight.Master, resumed.Master);
                    return CheckResult.Within(Name, difference, context.OnCuda ? Cuda : Cpu,
                        $"{BeforeSave} steps, checkpoint, fresh engine, {AfterResume} more vs {total} uninterrupted: " +
                        (difference == 0 ? "every parameter equal" : $"largest parameter difference at {worst}"));
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The largest absolute difference between the two models' parameters, and the parameter where it is.</summary>
    internal static (double Difference, string Parameter) LargestDifference(PretrainModel a, PretrainModel b)
    {
        using var scope = NewDisposeScope();
        var other = b.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var (difference, worst) = (0.0, "");
        foreach (var (name, parameter) in a.named_parameters())
        {
            double d = (parameter - other[name]).abs().max().item<float>();
            if (double.IsNaN(d) || d > difference || worst.Length == 0)
                (difference, worst) = (double.IsNaN(d) ? double.PositiveInfinity : Math.Max(d, difference), name);
        }
        return (difference, worst);
    }
}
