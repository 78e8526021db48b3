using System.Diagnostics;
using TorchSharp;
using VideoMae.Runtime;
using VideoMae.Training;
using VideoMae.Training.Settings;
using static TorchSharp.torch;

namespace VideoMae.SelfCheck;

/// <summary>What <see cref="SelfCheckRunner.Run"/> checks.</summary>
/// <param name="Device">"cpu", "cuda" or "cuda:N".</param>
/// <param name="Precision">float32 or bfloat16 (auto: bfloat16 on CUDA, float32 on the CPU, as training).</param>
/// <param name="Fixtures">The reference fixtures' folder, or null to look for them (<see cref="ReferenceFixtures.Find"/>).</param>
/// <param name="Seed">Seed of every check's synthetic data and initialisation.</param>
public sealed record SelfCheckOptions(string Device = "cpu", Precision Precision = Precision.Float32, string? Fixtures = null, int Seed = 0);

/// <summary>
/// <c>videomae check</c>: after installing, does this CPU or CUDA set-up compute the right thing? Runs, on the chosen
/// device and precision, each in seconds on two CPU cores: parity with the official implementation's outputs
/// (<see cref="ParityCheck"/>), a pre-training run whose loss falls (<see cref="TrainingCheck"/>), resume from a
/// checkpoint (<see cref="CheckpointCheck"/>), multi-view classification (<see cref="ClassificationCheck"/>), and no
/// tensor leaks in the training step (<see cref="MemoryCheck"/>). A check that throws fails with the exception's
/// message; the others still run.
/// </summary>
public static class SelfCheckRunner
{
    /// <summary>The checks, in the order they run.</summary>
    public static IReadOnlyList<(string Name, Func<CheckContext, CheckResult> Run)> Checks { get; } =
    [
        (ParityCheck.Name, ParityCheck.Run),
        (TrainingCheck.Name, TrainingCheck.Run),
        (CheckpointCheck.Name, CheckpointCheck.Run),
        (ClassificationCheck.Name, ClassificationCheck.Run),
        (MemoryCheck.Name, MemoryCheck.Run),
    ];

    /// <summary>
    /// Runs every check; <paramref name="onResult"/> sees each result as it is known (to print progress).
    /// </summary>
    /// <exception cref="ArgumentException">The device is not cpu/cuda/cuda:N, or CUDA was asked for and is not available.</exception>
    /// <exception cref="TorchUnavailableException">libtorch cannot be loaded.</exception>
    public static SelfCheckReport Run(SelfCheckOptions options, Action<CheckResult>? onResult = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        TorchRuntime.EnsureLoaded();
        var name = options.Device.Trim();
        if (!name.StartsWith("cpu", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"device = '{options.Device}'; expected cpu, cuda or cuda:N.");
        var device = Trainer.DeviceOf(name);
        var compute = Trainer.ComputeType(options.Precision, device);
        var context = new CheckContext(device, compute, ReferenceFixtures.Find(options.Fixtures), options.Seed);
        var results = new List<CheckResult>();
        // On the CPU the checks run on one libtorch thread: their tensors are too small for threads to help, and on a
        // machine busy with other work OpenMP's waits at every parallel region made a 2-thread run 20× slower
        // (measured on a shared 2-core machine: 46 s against 2.3 s). The caller's thread count is restored.
        var threads = get_num_threads();
        if (device.type == DeviceType.CPU)
            set_num_threads(1);
        try
        {
            foreach (var (checkName, check) in Checks)
            {
                var result = Timed(checkName, check, context);
                results.Add(result);
                onResult?.Invoke(result);
            }
        }
        finally
        {
            set_num_threads(threads);
        }
        return new SelfCheckReport(device.ToString(), compute == ScalarType.BFloat16 ? "bfloat16" : "float32", TorchRuntime.LibtorchVersion, results);
    }

    private static CheckResult Timed(string name, Func<CheckContext, CheckResult> check, CheckContext context)
    {
        var watch = Stopwatch.StartNew();
        CheckResult result;
        try
        {
            result = check(context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A check that cannot run on this set-up (a missing kernel, a device error) fails; the others still run.
            result = CheckResult.Failed(name, $"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}");
        }
        return result with { Seconds = watch.Elapsed.TotalSeconds };
    }
}
