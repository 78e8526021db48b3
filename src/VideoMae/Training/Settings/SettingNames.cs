using VideoMae.Data.Augmentation;
using VideoMae.Data.Sampling;
using VideoMae.Targets;

namespace VideoMae.Training.Settings;

/// <summary>
/// The names the settings' enums take in config files and on the command line (the maskings' are
/// <see cref="Masking.MaskNames"/>): the spellings of earlier config files, kept.
/// </summary>
public static class SettingNames
{
    /// <summary>Loss tokens: encoder-hidden (V2), all-reconstructed (paper Table 1 ¹).</summary>
    public static EnumNames<LossTokens> Loss { get; } = new("loss",
        ("encoder-hidden", LossTokens.EncoderHiddenOnly), ("all-reconstructed", LossTokens.AllReconstructed));

    /// <summary>Temporal sampling: dense, dense-window, segments.</summary>
    public static EnumNames<TemporalSampling> Sampling { get; } = new("sampling",
        ("dense", TemporalSampling.Dense), ("dense-window", TemporalSampling.DenseWindow), ("segments", TemporalSampling.Segments));

    /// <summary>
    /// Crops: random-resized-crop, multi-scale-crop, centre-crop (or center-crop). Whether a random-resized crop flips is
    /// the separate <c>flip</c> setting, so its no-flip variant has no name.
    /// </summary>
    public static EnumNames<SpatialAugmentation> Crop { get; } = new("crop",
        ("random-resized-crop", SpatialAugmentation.RandomResizedCrop), ("multi-scale-crop", SpatialAugmentation.MultiScaleCrop),
        ("centre-crop", SpatialAugmentation.CentreCrop), ("center-crop", SpatialAugmentation.CentreCrop));

    /// <summary>RandAugment ops: kebab-case (auto-contrast, …, translate-y) or timm's names (AutoContrast, TranslateXRel, …).</summary>
    public static EnumNames<RandAugmentOp> RandAugmentOps => Data.Augmentation.RandAugmentOps.Names;

    /// <summary>Precision: auto, float32, bfloat16.</summary>
    public static EnumNames<Precision> Precision { get; } = new("precision",
        ("auto", Settings.Precision.Auto), ("float32", Settings.Precision.Float32), ("bfloat16", Settings.Precision.BFloat16));
}
