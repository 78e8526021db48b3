namespace VideoMae.Config;

/// <summary>
/// A video ViT backbone (the pre-training encoder and the fine-tuning model share it). SPEC §1.1, §1.3: pre-norm
/// blocks, LayerNorm eps 1e-6, exact GELU, q/v biases with a zero key bias, no layer scale, fixed 1-D sin-cos table.
/// Derived sizes are computed properties so they cannot contradict the primary ones.
/// </summary>
public sealed record VitConfig
{
    /// <summary>Input height and width in pixels (square clips), 224 in the paper.</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>Frames per clip, 16 in the paper.</summary>
    public int Frames { get; init; } = 16;

    /// <summary>Frames per tubelet, 2 in the paper.</summary>
    public int Tubelet { get; init; } = 2;

    /// <summary>Spatial patch size: 16, or 14 for ViT-g.</summary>
    public int Patch { get; init; } = 16;

    /// <summary>Input channels (RGB).</summary>
    public int InChannels { get; init; } = 3;

    /// <summary>Embedding width D.</summary>
    public required int EmbedDim { get; init; }

    /// <summary>Number of transformer blocks.</summary>
    public required int Depth { get; init; }

    /// <summary>Attention heads; <see cref="EmbedDim"/> must divide evenly.</summary>
    public required int NumHeads { get; init; }

    /// <summary>MLP hidden width over D; hidden = int(D·ratio) as the reference truncates (ViT-g: 48/11 → 6144).</summary>
    public double MlpRatio { get; init; } = 4.0;

    /// <summary>LayerNorm epsilon, 1e-6 everywhere in the reference.</summary>
    public double LayerNormEps { get; init; } = 1e-6;

    /// <summary>Width of one attention head.</summary>
    public int HeadDim => EmbedDim / NumHeads;

    /// <summary>MLP hidden width, int(D·ratio).</summary>
    public int MlpHidden => MlpWidth(EmbedDim, MlpRatio);

    /// <summary>The token grid of one clip.</summary>
    public TokenGrid Grid => new(Frames / Tubelet, ImageSize / Patch, ImageSize / Patch);

    /// <summary>Values in one tubelet, C·tubelet·p·p (1536 for p16; the decoder's output width).</summary>
    public int TubeletValues => InChannels * Tubelet * Patch * Patch;

    /// <summary>int(width·ratio) with a small guard so 1408·48/11 = 6144 is not truncated to 6143 by rounding error.</summary>
    internal static int MlpWidth(int width, double ratio) => (int)Math.Floor(width * ratio + 1e-9);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that makes this configuration unusable.</summary>
    public VitConfig Validate()
    {
        Require.Positive(ImageSize, nameof(ImageSize));
        Require.Positive(Frames, nameof(Frames));
        Require.Positive(Tubelet, nameof(Tubelet));
        Require.Positive(Patch, nameof(Patch));
        Require.Positive(InChannels, nameof(InChannels));
        Require.Positive(EmbedDim, nameof(EmbedDim));
        Require.Positive(Depth, nameof(Depth));
        Require.Positive(NumHeads, nameof(NumHeads));
        Require.DividesEvenly(ImageSize, Patch, nameof(ImageSize), nameof(Patch));
        Require.DividesEvenly(Frames, Tubelet, nameof(Frames), nameof(Tubelet));
        Require.DividesEvenly(EmbedDim, NumHeads, nameof(EmbedDim), nameof(NumHeads));
        if (!(MlpRatio > 0) || MlpHidden < 1)
            throw new ArgumentException($"MlpRatio = {MlpRatio} gives an MLP width of {MlpHidden}; expected a ratio > 0 that leaves at least one hidden unit.", nameof(MlpRatio));
        if (!(LayerNormEps > 0))
            throw new ArgumentException($"LayerNormEps = {LayerNormEps}; expected a positive epsilon.", nameof(LayerNormEps));
        return this;
    }
}
