namespace VideoMae.Config;

/// <summary>
/// The pre-training decoder (SPEC §1.2). Its MLP ratio is the encoder's (so ViT-g's decoder MLP is
/// int(512·48/11) = 2234), and its output width is the encoder's <see cref="VitConfig.TubeletValues"/>.
/// </summary>
/// <param name="EmbedDim">Decoder width.</param>
/// <param name="Depth">Decoder blocks: 4 in every V2 pre-training script.</param>
/// <param name="NumHeads">Decoder attention heads.</param>
public sealed record DecoderConfig(int EmbedDim, int Depth, int NumHeads)
{
    /// <summary>Width of one decoder attention head.</summary>
    public int HeadDim => EmbedDim / NumHeads;
}
