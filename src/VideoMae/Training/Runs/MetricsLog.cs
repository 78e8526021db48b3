using System.Globalization;

namespace VideoMae.Training.Runs;

/// <summary>One optimizer step as the metrics file records it.</summary>
/// <param name="Step">1-based optimizer step.</param>
/// <param name="Epoch">Fractional epoch at the end of the step.</param>
/// <param name="Loss">Mean loss of the step's micro-batches.</param>
/// <param name="LearningRate">Scheduled learning rate (before group scales).</param>
/// <param name="GradNorm">Global gradient norm before clipping.</param>
/// <param name="ClipsPerSecond">Clips per second of wall time for this step (data wait included).</param>
/// <param name="TokensPerSecond">Input tokens per second.</param>
/// <param name="DataWaitSeconds">Time the step waited for the loader.</param>
/// <param name="StepSeconds">Wall time of the step.</param>
/// <param name="MemoryMegabytes">Resident memory of the process (MiB).</param>
/// <param name="BaselineLoss">Mean loss a trivial predictor scores on the step's batches (pre-training on normalised
/// targets: predicting zero, each tubelet's mean); NaN for runs without one.</param>
public sealed record StepMetrics(int Step, double Epoch, double Loss, double LearningRate, double GradNorm, double ClipsPerSecond,
    double TokensPerSecond, double DataWaitSeconds, double StepSeconds, double MemoryMegabytes, double BaselineLoss = double.NaN);

/// <summary>
/// The run's <c>metrics.csv</c>: a header, then one line per optimizer step, flushed as it is written. A resumed run
/// first drops the lines past its checkpoint's step, so the file always describes one unbroken run.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    /// <summary>The CSV header.</summary>
    public const string Header = "step,epoch,loss,lr,grad_norm,clips_per_s,tokens_per_s,data_wait_s,step_s,memory_mb,baseline_loss";

    private readonly StreamWriter _writer;

    /// <summary>Opens <paramref name="path"/>, keeping the lines of steps ≤ <paramref name="keepThroughStep"/>.</summary>
    public MetricsLog(string path, int keepThroughStep)
    {
        var kept = new List<string>();
        if (keepThroughStep > 0 && File.Exists(path))
            kept = File.ReadLines(path).Skip(1)
                .Where(l => int.TryParse(l.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s <= keepThroughStep)
                .ToList();
        _writer = new StreamWriter(path, append: false) { AutoFlush = true };
        _writer.WriteLine(Header);
        foreach (var line in kept)
            _writer.WriteLine(line);
    }

    /// <summary>Appends one step.</summary>
    public void Append(StepMetrics m) => _writer.WriteLine(string.Join(',',
        m.Step.ToString(CultureInfo.InvariantCulture), F(m.Epoch), F(m.Loss), F(m.LearningRate), F(m.GradNorm), F(m.ClipsPerSecond),
        F(m.TokensPerSecond), F(m.DataWaitSeconds), F(m.StepSeconds), F(m.MemoryMegabytes), F(m.BaselineLoss)));

    /// <summary>Reads a metrics file back (for notebooks and tests).</summary>
    public static IReadOnlyList<StepMetrics> Read(string path) => File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l =>
    {
        var c = l.Split(',');
        double D(int i) => double.Parse(c[i], CultureInfo.InvariantCulture);
        // Files written before baseline_loss existed have ten columns.
        return new StepMetrics(int.Parse(c[0], CultureInfo.InvariantCulture), D(1), D(2), D(3), D(4), D(5), D(6), D(7), D(8), D(9),
            c.Length > 10 ? D(10) : double.NaN);
    }).ToList();

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
