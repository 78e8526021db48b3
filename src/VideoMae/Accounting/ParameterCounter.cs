using VideoMae.Config;

namespace VideoMae.Accounting;

/// <summary>
/// Analytic parameter counts, term by term as the state dict holds them (SPEC §8.1). The sin-cos position tables are
/// not parameters. The model tests compare these with the built modules.
/// </summary>
public static class ParameterCounter
{
    /// <summary>Encoder parameters without a classifier head: patch embedding, blocks and the final norm (ViT-B 86.23 M, ViT-g 1011.61 M).</summary>
    public static long Encoder(VitConfig c)
    {
        c.Validate();
        long patchEmbed = (long)c.EmbedDim * c.TubeletValues + c.EmbedDim;
        return patchEmbed + c.Depth * Block(c.EmbedDim, c.MlpHidden) + Norm(c.EmbedDim);
    }

    /// <summary>
    /// Decoder parameters including the encoder→decoder projection (no bias), the mask token, the decoder norm and the
    /// head (ViT-B 7.98 M, SPEC §1.2).
    /// </summary>
    public static long Decoder(PretrainConfig c)
    {
        c.Validate();
        long d = c.Decoder.EmbedDim;
        var projection = c.Encoder.EmbedDim * d;
        var head = d * c.DecoderOutDim + c.DecoderOutDim;
        return projection + d + c.Decoder.Depth * Block(d, c.DecoderMlpHidden) + Norm(d) + head;
    }

    /// <summary>The fine-tuning classifier: encoder blocks and patch embedding, fc_norm and the head.</summary>
    public static long Classifier(VitConfig c, int classes)
    {
        Require.Positive(classes, nameof(classes));
        // fc_norm replaces the encoder norm one for one.
        return Encoder(c) + (long)c.EmbedDim * classes + classes;
    }

    /// <summary>One pre-norm block: norm1, qkv (no bias) + q_bias + v_bias, proj, norm2, fc1, fc2.</summary>
    private static long Block(long d, long hidden) =>
        Norm(d) + 3 * d * d + 2 * d + (d * d + d) + Norm(d) + (d * hidden + hidden) + (hidden * d + d);

    private static long Norm(long d) => 2 * d;
}
