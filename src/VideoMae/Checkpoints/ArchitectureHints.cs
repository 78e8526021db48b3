namespace VideoMae.Checkpoints;

/// <summary>
/// What tensor shapes cannot tell about a checkpoint's architecture (SPEC §8: a checkpoint carries no config). Each
/// value left null comes from the named <see cref="Preset"/>, then from the checkpoint's safetensors metadata (files
/// written by <see cref="CheckpointExport"/>), then from the defaults: embedding width / 64 heads (the paper's heads
/// at a paper model's width, so 16 for ViT-H's 1280 and ViT-g's 1408), 16 frames, 224 px.
/// </summary>
public sealed record ArchitectureHints
{
    /// <summary>No hints: shapes, metadata and defaults only.</summary>
    public static ArchitectureHints None { get; } = new();

    /// <summary>A name of <see cref="Config.Presets.ByName"/>; the checkpoint's shapes must agree with it.</summary>
    public string? Preset { get; init; }

    /// <summary>Encoder attention heads.</summary>
    public int? Heads { get; init; }

    /// <summary>Decoder attention heads (pre-training checkpoints); default decoder width / 64.</summary>
    public int? DecoderHeads { get; init; }

    /// <summary>Frames per clip the checkpoint was trained with.</summary>
    public int? Frames { get; init; }

    /// <summary>Input height and width in pixels the checkpoint was trained with.</summary>
    public int? Size { get; init; }

    /// <summary>Frames per clip the model will run at, when not <see cref="Frames"/>; the position table is then interpolated.</summary>
    public int? InputFrames { get; init; }

    /// <summary>Input size the model will run at, when not <see cref="Size"/>; the position table is then interpolated.</summary>
    public int? InputSize { get; init; }
}
