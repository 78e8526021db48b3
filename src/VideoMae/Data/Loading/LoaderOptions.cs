namespace VideoMae.Data.Loading;

/// <summary>How a <see cref="ClipLoader"/> runs.</summary>
public sealed record LoaderOptions
{
    /// <summary>Decoded videos per batch; a batch holds VideosPerBatch × RepeatedSamples clips.</summary>
    public int VideosPerBatch { get; init; } = 8;

    /// <summary>Parallel decode workers (ffmpeg processes at a time).</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Batches prepared ahead of the consumer.</summary>
    public int Prefetch { get; init; } = 2;

    /// <summary>Seed of the shuffle, the sampling and the augmentation.</summary>
    public int Seed { get; init; }

    /// <summary>Shuffle the videos each epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Drop a last, incomplete batch (the reference's drop_last for training).</summary>
    public bool DropLast { get; init; } = true;

    /// <summary>Stop with an error once more than this fraction of the videos tried has failed to decode.</summary>
    public double MaxFailureFraction { get; init; } = 0.1;

    /// <summary>
    /// Bytes of decoded frames kept in memory: a video that fits is decoded whole once and later clips are cut from
    /// memory, which makes small sets (the synthetic ones) train at compute speed. 0 decodes every clip anew.
    /// </summary>
    public long CacheBytes { get; init; }

    /// <summary>Where failures are logged (once per path); standard error by default.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public LoaderOptions Validate()
    {
        Require.Positive(VideosPerBatch, nameof(VideosPerBatch));
        Require.Positive(Workers, nameof(Workers));
        Require.Positive(Prefetch, nameof(Prefetch));
        if (CacheBytes < 0)
            throw new ArgumentException($"CacheBytes = {CacheBytes}; expected a size ≥ 0.", nameof(CacheBytes));
        Require.InRange(MaxFailureFraction, 0, 1, nameof(MaxFailureFraction), maxInclusive: true);
        return this;
    }
}
