using VideoMae.Config;
using VideoMae.Masking;

namespace VideoMae.Accounting;

/// <summary>
/// An estimate of the activations one clip keeps for the backward pass in an eager, half-precision implementation
/// (SPEC §3.2): per block about 20·N·D bytes for the inputs of the linear layers, LayerNorms and residuals, 4·N·H for
/// the MLP hidden layer and its GELU, and 6·heads·N² for the float32 softmax output plus its half-precision copy. The
/// decoder's N² attention term is what dual masking shrinks. It is an estimate for comparing configurations (paper
/// Table 2's memory column compares 631 MB with 328 MB for ViT-B), not a measurement.
/// </summary>
public static class ActivationMemory
{
    /// <summary>Estimated bytes of saved activations per clip for one pre-training step.</summary>
    public static long PretrainBytesPerClip(PretrainConfig config, MaskCounts counts)
    {
        config.Validate();
        var e = config.Encoder;
        var d = config.Decoder;
        return e.Depth * Block(counts.EncoderVisible, e.EmbedDim, e.MlpHidden, e.NumHeads)
             + d.Depth * Block(counts.DecoderTokens, d.EmbedDim, config.DecoderMlpHidden, d.NumHeads);
    }

    private static long Block(long tokens, long width, long hidden, long heads) =>
        20 * tokens * width + 4 * tokens * hidden + 6 * heads * tokens * tokens;
}
