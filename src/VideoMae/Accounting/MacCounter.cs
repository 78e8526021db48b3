using VideoMae.Config;
using VideoMae.Masking;

namespace VideoMae.Accounting;

/// <summary>
/// Analytic MAC counts (SPEC §3.1): Linear = tokens·in·out; per block qkv 3D², proj D², MLP 2·D·H per token and
/// attention 2·N²·D; patch embedding N·(C·t·p²)·D over all tokens; LayerNorm 5 per element. Biases, softmax, GELU
/// and the target/loss are not counted, as in the paper.
/// </summary>
public static class MacCounter
{
    /// <summary>
    /// One pre-training forward pass of the autoencoder for one clip: patch embedding of all N tokens, the encoder on the
    /// visible tokens, the encoder→decoder projection, the decoder on visible + reconstructed tokens, and its final norm
    /// and head on the reconstructed tokens only.
    /// </summary>
    public static MacReport PretrainForward(PretrainConfig config, MaskCounts counts)
    {
        config.Validate();
        var e = config.Encoder;
        var d = config.Decoder;
        long visible = counts.EncoderVisible, decoded = counts.DecoderTokens, reconstructed = counts.Reconstructed;
        var encoder = Blocks("encoder", e.Depth, visible, e.EmbedDim, e.MlpHidden, finalNormTokens: visible);
        var decoder = Blocks("decoder", d.Depth, decoded, d.EmbedDim, config.DecoderMlpHidden, finalNormTokens: reconstructed);
        return new MacReport(
        [
            PatchEmbed(e),
            encoder,
            new ComponentMacs("encoder_to_decoder", visible, visible * e.EmbedDim * d.EmbedDim, 0, 0),
            decoder,
            new ComponentMacs("head", reconstructed, reconstructed * d.EmbedDim * config.DecoderOutDim, 0, 0),
        ]);
    }

    /// <summary>One inference forward pass of the fine-tuned classifier on all tokens of one view.</summary>
    public static MacReport ClassifierForward(VitConfig config, int classes)
    {
        config.Validate();
        long n = config.Grid.Count;
        // Mean pooling makes fc_norm run on one token.
        var encoder = Blocks("encoder", config.Depth, n, config.EmbedDim, config.MlpHidden, finalNormTokens: 1);
        return new MacReport([PatchEmbed(config), encoder, new ComponentMacs("head", 1, (long)config.EmbedDim * classes, 0, 0)]);
    }

    private static ComponentMacs PatchEmbed(VitConfig e)
    {
        long n = e.Grid.Count;
        return new ComponentMacs("patch_embed", n, n * e.TubeletValues * e.EmbedDim, 0, 0);
    }

    private static ComponentMacs Blocks(string name, int depth, long tokens, long width, long mlpHidden, long finalNormTokens)
    {
        var linear = tokens * (4 * width * width + 2 * width * mlpHidden);
        var attention = 2 * tokens * tokens * width;
        var norms = 2 * LayerNorm(tokens, width);
        return new ComponentMacs(name, tokens, depth * linear, depth * attention, depth * norms + LayerNorm(finalNormTokens, width));
    }

    private static long LayerNorm(long tokens, long width) => 5 * tokens * width;
}
