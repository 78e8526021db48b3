using System.Text.Json.Serialization;
using VideoMae.Config;
using VideoMae.Data.Datasets;
using VideoMae.Masking;
using VideoMae.Targets;

namespace VideoMae.Training.Settings;

/// <summary>
/// A pre-training run with dual masking (SPEC §4): the architecture (a preset and the fields that override it), the
/// unlabeled sources, the encoder and decoder masks, the loss variant, and the optimizer and run settings. Serialised
/// as the run's config.json, with the architecture resolved: <c>"model"</c>, then every field of <c>"encoder"</c> and
/// <c>"decoder"</c> (<see cref="ArchitectureFields"/>).
/// </summary>
public sealed record PretrainSettings
{
    private readonly string _model = "research-s";
    private readonly PretrainConfig _config = Presets.ResearchS;

    /// <summary>
    /// The preset the architecture starts from (see <see cref="Presets.ByName"/>). Setting it resets
    /// <see cref="ModelConfig"/> to the preset; set <see cref="ModelConfig"/> after it to change fields.
    /// </summary>
    /// <exception cref="ArgumentException">No preset has the name.</exception>
    [JsonIgnore]
    public string Model
    {
        get => _model;
        init => (_config, _model) = (Presets.Get(value), value);
    }

    /// <summary>The resolved architecture: the <see cref="Model"/> preset with the fields a config overrides.</summary>
    [JsonIgnore]
    public PretrainConfig ModelConfig
    {
        get => _config;
        init => _config = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Unlabeled (or labelled, labels unused) list files mixed into one set.</summary>
    public IReadOnlyList<VideoSource> Data { get; init; } = [];

    /// <summary>Encoder masking (JSON: tube, random).</summary>
    public EncoderMasking EncoderMask { get; init; } = EncoderMasking.Tube;

    /// <summary>Fraction of tokens hidden from the encoder.</summary>
    public double EncoderRatio { get; init; } = 0.9;

    /// <summary>Decoder masking (JSON: none, running-cell, frame, random).</summary>
    public DecoderMasking DecoderMask { get; init; } = DecoderMasking.RunningCell;

    /// <summary>Fraction of positions not reconstructed.</summary>
    public double DecoderRatio { get; init; } = 0.5;

    /// <summary>Which reconstructed tokens the loss counts (JSON <c>"loss"</c>: encoder-hidden, the V2 default, or all-reconstructed).</summary>
    [JsonPropertyName("loss")]
    public LossTokens LossTokens { get; init; } = LossTokens.EncoderHiddenOnly;

    /// <summary>Normalise each tubelet's pixels per channel (the reference's normlize_target).</summary>
    public bool NormalizeTarget { get; init; } = true;

    /// <summary>Stochastic depth of the encoder (0 in the reference's pre-training).</summary>
    public double DropPath { get; init; }

    /// <summary>AdamW and schedule.</summary>
    public OptimizerSettings Optimizer { get; init; } = OptimizerSettings.Pretraining;

    /// <summary>Length, batch, device, checkpoints.</summary>
    public RunSettings Run { get; init; } = new() { RepeatedSamples = 4 };

    /// <summary>The dual masking of <see cref="EncoderMask"/>, <see cref="EncoderRatio"/>, <see cref="DecoderMask"/> and <see cref="DecoderRatio"/>.</summary>
    [JsonIgnore]
    public DualMasking Masking => new(EncoderMask, EncoderRatio, DecoderMask, DecoderRatio);

    /// <summary>These settings with the run's seed (shuffle, sampling, augmentation, masks, initialisation) replaced: one
    /// seed of a configuration run over several. F# cannot copy a C# record with <c>with</c>, so notebooks use this.</summary>
    public PretrainSettings WithSeed(int seed) => this with { Run = Run with { Seed = seed } };

    /// <summary>These settings trained for <paramref name="epochs"/> epochs, the warm-up kept the same share of the run,
    /// so the cosine schedule still ends with it: the same recipe at another length (for notebooks, as <see cref="WithSeed"/>).</summary>
    public PretrainSettings WithEpochs(int epochs)
    {
        Require.Positive(epochs, "epochs");
        return this with
        {
            Run = Run with { Epochs = epochs },
            Optimizer = Optimizer with { WarmupEpochs = Optimizer.WarmupEpochs * epochs / Run.Epochs },
        };
    }

    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public PretrainSettings Validate()
    {
        ModelConfig.Validate();
        Masking.Validate(ModelConfig.Encoder.Grid);
        if (Data.Count == 0)
            throw new ArgumentException("data is empty; expected at least one list file (--data LIST).");
        Require.InRange(DropPath, 0, 1, "drop_path");
        Optimizer.Validate();
        Run.Validate();
        return this;
    }
}
