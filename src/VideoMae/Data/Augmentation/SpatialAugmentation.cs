namespace VideoMae.Data.Augmentation;

/// <summary>How spatial crops are chosen.</summary>
public enum SpatialAugmentation
{
    /// <summary>Pre-training multi-scale crop, no flip (SPEC §4.2).</summary>
    MultiScaleCrop,

    /// <summary>Fine-tuning random-resized crop with a horizontal flip.</summary>
    RandomResizedCrop,

    /// <summary>Random-resized crop without flip, for classes that depend on direction.</summary>
    RandomResizedCropNoFlip,

    /// <summary>Evaluation: the centred square crop of the shorter side, no randomness.</summary>
    CentreCrop,
}
