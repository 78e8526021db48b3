using System.Diagnostics;

namespace VideoMae.Data.Loading;

/// <summary>
/// Where a loader's time goes, summed over its workers, so a benchmark can say whether decoding or augmentation
/// limits it. A loader's totals cover the batches it has handed over (workers run ahead of the consumer): read
/// <see cref="Now"/> before and after a span of batches and subtract.
/// </summary>
public sealed class LoaderTimings
{
    private long _decode;
    private long _augment;
    private long _assemble;

    /// <summary>The totals so far.</summary>
    public LoaderTime Now => new(Seconds(ref _decode), Seconds(ref _augment), Seconds(ref _assemble));

    internal void AddDecode(long ticks) => Interlocked.Add(ref _decode, ticks);

    internal void AddAugment(long ticks) => Interlocked.Add(ref _augment, ticks);

    internal void AddAssemble(long ticks) => Interlocked.Add(ref _assemble, ticks);

    internal void Add(LoaderTime time)
    {
        Interlocked.Add(ref _decode, Ticks(time.Decode));
        Interlocked.Add(ref _augment, Ticks(time.Augment));
        Interlocked.Add(ref _assemble, Ticks(time.Assemble));
    }

    private static long Ticks(double seconds) => (long)Math.Round(seconds * Stopwatch.Frequency);

    private static double Seconds(ref long ticks) => (double)Interlocked.Read(ref ticks) / Stopwatch.Frequency;
}

/// <summary>Seconds of loader work, summed over workers.</summary>
/// <param name="Decode">Probing and decoding videos to RGB frames (successful samples).</param>
/// <param name="Augment">Turning frames into a clip tensor: crop, resize, flip, and drawing its masks.</param>
/// <param name="Assemble">Stacking the clips of a batch, its token split, and moving it to the device.</param>
public readonly record struct LoaderTime(double Decode, double Augment, double Assemble)
{
    /// <summary>All three.</summary>
    public double Total => Decode + Augment + Assemble;

    /// <summary>The time between two readings.</summary>
    public static LoaderTime operator -(LoaderTime later, LoaderTime earlier) =>
        new(later.Decode - earlier.Decode, later.Augment - earlier.Augment, later.Assemble - earlier.Assemble);
}
