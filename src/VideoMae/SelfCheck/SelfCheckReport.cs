namespace VideoMae.SelfCheck;

/// <summary>What <c>videomae check</c> found on one device and precision.</summary>
/// <param name="Device">The device the checks ran on ("cpu", "cuda:0").</param>
/// <param name="Precision">The compute precision ("float32", "bfloat16").</param>
/// <param name="Libtorch">The libtorch version TorchSharp runs on.</param>
/// <param name="Checks">Every check's result, in the order they ran.</param>
public sealed record SelfCheckReport(string Device, string Precision, string Libtorch, IReadOnlyList<CheckResult> Checks)
{
    /// <summary>True when no check failed (skipped checks do not fail the run).</summary>
    public bool Passed => Checks.All(c => c.Status != CheckStatus.Fail);
}
