namespace VideoMae.Training.Settings;

/// <summary>How long and where a training run goes, shared by every task.</summary>
public sealed record RunSettings
{
    /// <summary>Passes over the training list.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Decoded videos per micro-batch; a micro-batch holds BatchSize × <see cref="RepeatedSamples"/> clips.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Clips cut from each decoded video (repeated augmentation: 4 in V2 pre-training, 2 in fine-tuning).</summary>
    public int RepeatedSamples { get; init; } = 1;

    /// <summary>Micro-batches whose gradients are summed into one optimizer step.</summary>
    public int Accumulation { get; init; } = 1;

    /// <summary>Seed of data order, augmentation, masks, initialisation and stochastic layers.</summary>
    public int Seed { get; init; }

    /// <summary>"cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Compute precision.</summary>
    public Precision Precision { get; init; } = Precision.Auto;

    /// <summary>Write a resumable checkpoint every this many optimizer steps (0 = only at the end).</summary>
    public int CheckpointEvery { get; init; } = 50;

    /// <summary>Stop after this many optimizer steps (the schedule still spans <see cref="Epochs"/>); null = run to the end.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Parallel decode workers; 0 = one per core.</summary>
    public int Workers { get; init; }

    /// <summary>Keep decoded videos in memory up to this many MiB, so small sets are decoded once (0 = decode every time).</summary>
    public int CacheMegabytes { get; init; } = 1024;

    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public RunSettings Validate()
    {
        Require.Positive(Epochs, "epochs");
        Require.Positive(BatchSize, "batch_size");
        Require.Positive(RepeatedSamples, "repeated_samples");
        Require.Positive(Accumulation, "accumulation");
        if (CheckpointEvery < 0)
            throw new ArgumentException($"checkpoint_every = {CheckpointEvery}; expected 0 (only at the end) or a positive step count.");
        if (MaxSteps is { } max)
            Require.Positive(max, "max_steps");
        if (Workers < 0)
            throw new ArgumentException($"workers = {Workers}; expected 0 (one per core) or a positive count.");
        if (CacheMegabytes < 0)
            throw new ArgumentException($"cache_megabytes = {CacheMegabytes}; expected a size ≥ 0.");
        if (!Device.StartsWith("cpu", StringComparison.OrdinalIgnoreCase) && !Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"device = '{Device}'; expected cpu, cuda or cuda:N.");
        return this;
    }

    /// <summary>Videos per optimizer step, the batch of the learning-rate scaling rule.</summary>
    public int VideosPerStep => BatchSize * Accumulation;
}
