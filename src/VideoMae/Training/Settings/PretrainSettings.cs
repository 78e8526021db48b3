using VideoMae.Config;
using VideoMae.Masking;
using VideoMae.Targets;

namespace VideoMae.Training.Settings;

/// <summary>
/// A pre-training run with dual masking (SPEC §4): the model preset, the unlabeled sources, the encoder and decoder
/// masks by name, the loss variant, and the optimizer and run settings. Serialised as the run's config.json.
/// </summary>
public sealed record PretrainSettings
{
    /// <summary>Model preset name (see <see cref="Presets.ByName"/>).</summary>
    public string Model { get; init; } = "research-s";

    /// <summary>Unlabeled (or labelled, labels unused) list files mixed into one set.</summary>
    public IReadOnlyList<DataSource> Data { get; init; } = [];

    /// <summary>Encoder masking: tube or random.</summary>
    public string EncoderMask { get; init; } = "tube";

    /// <summary>Fraction of tokens hidden from the encoder.</summary>
    public double EncoderRatio { get; init; } = 0.9;

    /// <summary>Decoder masking: none, running-cell, frame or random.</summary>
    public string DecoderMask { get; init; } = "running-cell";

    /// <summary>Fraction of positions not reconstructed.</summary>
    public double DecoderRatio { get; init; } = 0.5;

    /// <summary>Which reconstructed tokens the loss counts: encoder-hidden (V2 default) or all-reconstructed.</summary>
    public string Loss { get; init; } = "encoder-hidden";

    /// <summary>Normalise each tubelet's pixels per channel (the reference's normlize_target).</summary>
    public bool NormalizeTarget { get; init; } = true;

    /// <summary>Stochastic depth of the encoder (0 in the reference's pre-training).</summary>
    public double DropPath { get; init; }

    /// <summary>AdamW and schedule.</summary>
    public OptimizerSettings Optimizer { get; init; } = OptimizerSettings.Pretraining;

    /// <summary>Length, batch, device, checkpoints.</summary>
    public RunSettings Run { get; init; } = new() { RepeatedSamples = 4 };

    /// <summary>The model configuration.</summary>
    public PretrainConfig ModelConfig => Presets.Get(Model);

    /// <summary>The dual masking.</summary>
    public DualMasking Masking => new(MaskNames.ParseEncoder(EncoderMask), EncoderRatio, MaskNames.ParseDecoder(DecoderMask), DecoderRatio);

    /// <summary>The loss variant.</summary>
    public LossTokens LossTokens => Loss.ToLowerInvariant() switch
    {
        "encoder-hidden" => LossTokens.EncoderHiddenOnly,
        "all-reconstructed" => LossTokens.AllReconstructed,
        _ => throw new ArgumentException($"loss = '{Loss}'; expected encoder-hidden or all-reconstructed."),
    };

    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public PretrainSettings Validate()
    {
        var config = ModelConfig;
        Masking.Validate(config.Encoder.Grid);
        _ = LossTokens;
        if (Data.Count == 0)
            throw new ArgumentException("data is empty; expected at least one list file (--data LIST).");
        Require.InRange(DropPath, 0, 1, "drop_path");
        Optimizer.Validate();
        Run.Validate();
        return this;
    }
}
