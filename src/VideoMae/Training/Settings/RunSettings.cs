using System.Text.Json.Serialization;
using VideoMae.Data.Loading;

namespace VideoMae.Training.Settings;

/// <summary>
/// How long and where a training run goes, shared by every task. It extends the loader's options, so the batch,
/// seed, workers and cache it sets are the ones its <see cref="ClipLoader"/> runs with.
/// </summary>
public sealed record RunSettings : LoaderOptions
{
    /// <summary>Passes over the training list.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Clips cut from each decoded video (repeated augmentation: 4 in V2 pre-training, 2 in fine-tuning).</summary>
    public int RepeatedSamples { get; init; } = 1;

    /// <summary>Micro-batches whose gradients are summed into one optimizer step.</summary>
    public int Accumulation { get; init; } = 1;

    /// <summary>"cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Compute precision.</summary>
    public Precision Precision { get; init; } = Precision.Auto;

    /// <summary>Write a resumable checkpoint every this many optimizer steps (0 = only at the end).</summary>
    public int CheckpointEvery { get; init; } = 50;

    /// <summary>Stop after this many optimizer steps (the schedule still spans <see cref="Epochs"/>); null = run to the end.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public override RunSettings Validate()
    {
        base.Validate();
        Require.Positive(Epochs, "epochs");
        Require.Positive(RepeatedSamples, "repeated_samples");
        Require.Positive(Accumulation, "accumulation");
        if (CheckpointEvery < 0)
            throw new ArgumentException($"checkpoint_every = {CheckpointEvery}; expected 0 (only at the end) or a positive step count.");
        if (MaxSteps is { } max)
            Require.Positive(max, "max_steps");
        if (!Device.StartsWith("cpu", StringComparison.OrdinalIgnoreCase) && !Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"device = '{Device}'; expected cpu, cuda or cuda:N.");
        return this;
    }

    /// <summary>Videos per optimizer step, the batch of the learning-rate scaling rule.</summary>
    [JsonIgnore]
    public int VideosPerStep => BatchSize * Accumulation;

    /// <summary>Optimizer steps of one epoch over <paramref name="videos"/> training videos, as the trainer counts them:
    /// whole batches (see <see cref="LoaderOptions.BatchesPerEpoch"/>), <see cref="Accumulation"/> of them per step.</summary>
    public int StepsPerEpoch(int videos) => BatchesPerEpoch(videos) / Accumulation;

    /// <summary>Optimizer steps of the whole run over <paramref name="videos"/> training videos, before any
    /// <see cref="MaxSteps"/>.</summary>
    public int TotalSteps(int videos) => Epochs * StepsPerEpoch(videos);
}
