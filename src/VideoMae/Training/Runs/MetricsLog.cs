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
            kept = CompleteSteps(path)
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

    /// <summary>
    /// Reads a metrics file back (for notebooks and tests). A last line without its line break is a step still being
    /// written, or cut off when the process was killed, and is left out; any other line that is not a step is an error
    /// that names it.
    /// </summary>
    public static IReadOnlyList<StepMetrics> Read(string path) => CompleteSteps(path).Select((l, index) =>
    {
        var c = l.Split(',');
        double D(int i) => double.TryParse(c[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{path}, step line {index + 1}: '{l}' is not a step ({Header}).");
        // Files written before baseline_loss existed have ten columns.
        if (c.Length is not (10 or 11) || !int.TryParse(c[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step))
            throw new InvalidDataException($"{path}, step line {index + 1}: '{l}' is not a step ({Header}).");
        return new StepMetrics(step, D(1), D(2), D(3), D(4), D(5), D(6), D(7), D(8), D(9), c.Length > 10 ? D(10) : double.NaN);
    }).ToList();

    // The step lines that end in a line break (the header and empty lines left out): every line Append wrote whole.
    private static IEnumerable<string> CompleteSteps(string path)
    {
        var text = File.ReadAllText(path);
        var end = text.LastIndexOf('\n');
        return end < 0
            ? []
            : text[..end].Split('\n').Skip(1).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0);
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
