namespace VideoMae.Data.Augmentation;

/// <summary>
/// The fifteen ops of timm's RandAugment (<c>_RAND_TRANSFORMS</c>, or <c>_RAND_INCREASING_TRANSFORMS</c> with
/// <c>inc1</c>, which differ only in how six of them map the magnitude). With f = magnitude / 10 and ± a random sign
/// drawn per clip: the argument each op gets, as <see cref="RandAugmentStep.At"/> computes it.
/// </summary>
public enum RandAugmentOp
{
    /// <summary>Per-channel stretch of the frame's range to [0, 255] (no argument).</summary>
    AutoContrast,

    /// <summary>Per-channel histogram equalisation (no argument).</summary>
    Equalize,

    /// <summary>255 − v (no argument).</summary>
    Invert,

    /// <summary>±30·f degrees about the centre.</summary>
    Rotate,

    /// <summary>Bits kept: 4 − int(4f) increasing (PosterizeIncreasing), int(4f) otherwise.</summary>
    Posterize,

    /// <summary>Threshold: 256 − int(256f) increasing (SolarizeIncreasing), int(256f) otherwise.</summary>
    Solarize,

    /// <summary>Adds int(110f) to values below 128.</summary>
    SolarizeAdd,

    /// <summary>Saturation factor 1 ± 0.9f increasing (ColorIncreasing), 0.1 + 1.8f otherwise.</summary>
    Color,

    /// <summary>Contrast factor 1 ± 0.9f increasing (ContrastIncreasing), 0.1 + 1.8f otherwise.</summary>
    Contrast,

    /// <summary>Brightness factor 1 ± 0.9f increasing (BrightnessIncreasing), 0.1 + 1.8f otherwise.</summary>
    Brightness,

    /// <summary>Sharpness factor 1 ± 0.9f increasing (SharpnessIncreasing), 0.1 + 1.8f otherwise.</summary>
    Sharpness,

    /// <summary>Horizontal shear ±0.3f.</summary>
    ShearX,

    /// <summary>Vertical shear ±0.3f.</summary>
    ShearY,

    /// <summary>Horizontal shift by ±0.45f of the width (timm's TranslateXRel).</summary>
    TranslateX,

    /// <summary>Vertical shift by ±0.45f of the height (timm's TranslateYRel).</summary>
    TranslateY,
}
