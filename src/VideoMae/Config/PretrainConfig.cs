namespace VideoMae.Config;

/// <summary>The pre-training autoencoder: an encoder over visible tokens and a light decoder (SPEC §1.5).</summary>
/// <param name="Encoder">The ViT encoder.</param>
/// <param name="Decoder">The decoder that reconstructs the kept positions.</param>
public sealed record PretrainConfig(VitConfig Encoder, DecoderConfig Decoder)
{
    /// <summary>Decoder MLP hidden width: the encoder's ratio applied to the decoder width.</summary>
    public int DecoderMlpHidden => VitConfig.MlpWidth(Decoder.EmbedDim, Encoder.MlpRatio);

    /// <summary>Decoder head output per reconstructed token: the values of one tubelet.</summary>
    public int DecoderOutDim => Encoder.TubeletValues;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unusable value.</summary>
    public PretrainConfig Validate()
    {
        Encoder.Validate();
        Require.Positive(Decoder.EmbedDim, "Decoder.EmbedDim");
        Require.Positive(Decoder.Depth, "Decoder.Depth");
        Require.Positive(Decoder.NumHeads, "Decoder.NumHeads");
        Require.DividesEvenly(Decoder.EmbedDim, Decoder.NumHeads, "Decoder.EmbedDim", "Decoder.NumHeads");
        return this;
    }
}
