using System.Text.Json.Serialization;
using VideoMae.Data.Video;

namespace VideoMae.Data.Loading;

/// <summary>
/// How a <see cref="ClipLoader"/> runs. A training run's settings extend it (<c>RunSettings</c>), so the batch,
/// seed, workers and cache a run is configured with are the loader's own, with one default each.
/// </summary>
public record LoaderOptions
{
    /// <summary>Decoded videos per batch; a batch holds BatchSize × the recipe's repeated samples clips.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Seed of the shuffle, the sampling and the augmentation (and, in a run, of masks and initialisation).</summary>
    public int Seed { get; init; }

    /// <summary>Parallel decode workers (clips decoded at a time); 0 = one per core.</summary>
    public int Workers { get; init; }

    /// <summary>
    /// MiB of decoded frames kept in memory: a video that fits is decoded whole once and later clips are cut from
    /// memory, which makes small sets (the synthetic ones) train at compute speed. 0 decodes every clip anew.
    /// </summary>
    public int CacheMegabytes { get; init; } = 1024;

    /// <summary>Batches prepared ahead of the consumer.</summary>
    public int Prefetch { get; init; } = 2;

    /// <summary>Shuffle the videos each epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Drop a last, incomplete batch (the reference's drop_last for training).</summary>
    public bool DropLast { get; init; } = true;

    /// <summary>Batches in one epoch over <paramref name="videos"/> videos (a last partial batch is dropped when
    /// <see cref="DropLast"/> is set).</summary>
    public int BatchesPerEpoch(int videos) => DropLast ? videos / BatchSize : (videos + BatchSize - 1) / BatchSize;

    /// <summary>Stop with an error once more than this fraction of the videos tried has failed to decode.</summary>
    public double MaxFailureFraction { get; init; } = 0.1;

    /// <summary>
    /// How videos are decoded: in process where OpenCV's native library loads (Auto), or an ffmpeg process per clip.
    /// Not a setting (never serialised): it changes how fast a run reads its data, and its pixels only within the
    /// few levels by which the two backends' yuv→RGB conversions differ.
    /// </summary>
    [JsonIgnore]
    public VideoBackend Decoder { get; init; } = VideoBackend.Auto;

    /// <summary>Where failures are logged (once per path); standard error by default. Not a setting: never serialised.</summary>
    [JsonIgnore]
    public Action<string>? Log { get; init; }

    /// <summary>The decode workers that run: <see cref="Workers"/>, or one per core for 0.</summary>
    [JsonIgnore]
    public int WorkerCount => Workers > 0 ? Workers : Math.Max(1, Environment.ProcessorCount);

    /// <summary><see cref="CacheMegabytes"/> in bytes.</summary>
    [JsonIgnore]
    public long CacheBytes => CacheMegabytes * 1024L * 1024L;

    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public virtual LoaderOptions Validate()
    {
        Require.Positive(BatchSize, "batch_size");
        Require.Positive(Prefetch, "prefetch");
        if (Workers < 0)
            throw new ArgumentException($"workers = {Workers}; expected 0 (one per core) or a positive count.");
        if (CacheMegabytes < 0)
            throw new ArgumentException($"cache_megabytes = {CacheMegabytes}; expected a size ≥ 0.");
        Require.InRange(MaxFailureFraction, 0, 1, "max_failure_fraction", maxInclusive: true);
        return this;
    }
}
