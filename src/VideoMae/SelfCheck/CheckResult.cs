namespace VideoMae.SelfCheck;

/// <summary>How a self-check ended.</summary>
public enum CheckStatus
{
    /// <summary>The measured value is within its tolerance.</summary>
    Pass,

    /// <summary>The measured value is outside its tolerance, or the check could not run on this set-up.</summary>
    Fail,

    /// <summary>The check had nothing to run on (no reference fixtures found); it neither passes nor fails the run.</summary>
    Skip,
}

/// <summary>One self-check's verdict: the value it measured against the tolerance it allows, and what it compared.</summary>
/// <param name="Name">The check's name (parity, training, checkpoint, classification, memory).</param>
/// <param name="Status">Pass, fail or skip.</param>
/// <param name="Value">What was measured (null when the check did not get that far); it passes when ≤ <paramref name="Tolerance"/>.</param>
/// <param name="Tolerance">The largest value that passes on this device and precision.</param>
/// <param name="Detail">One sentence: what was compared, the worst case, or why it failed or was skipped.</param>
/// <param name="Seconds">Wall time of the check.</param>
public sealed record CheckResult(string Name, CheckStatus Status, double? Value, double? Tolerance, string Detail, double Seconds = 0)
{
    /// <summary>Pass when <paramref name="value"/> ≤ <paramref name="tolerance"/>, else fail (NaN fails).</summary>
    public static CheckResult Within(string name, double value, double tolerance, string detail) =>
        new(name, value <= tolerance ? CheckStatus.Pass : CheckStatus.Fail, value, tolerance, detail);

    /// <summary>A failure before anything was measured.</summary>
    public static CheckResult Failed(string name, string detail) => new(name, CheckStatus.Fail, null, null, detail);

    /// <summary>A check with nothing to run on.</summary>
    public static CheckResult Skipped(string name, string detail) => new(name, CheckStatus.Skip, null, null, detail);
}
