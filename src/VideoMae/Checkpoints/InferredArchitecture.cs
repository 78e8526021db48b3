using VideoMae.Config;

namespace VideoMae.Checkpoints;

/// <summary>The architecture of a checkpoint, from its tensor shapes and the <see cref="ArchitectureHints"/>.</summary>
/// <param name="Encoder">The backbone, with the input size and frame count the model will run at.</param>
/// <param name="Decoder">The pre-training decoder, when the checkpoint has one.</param>
/// <param name="Classes">Rows of the classification head, when the checkpoint has one.</param>
/// <param name="TrainedGrid">
/// The token grid the checkpoint was trained at (hinted, the preset's or the metadata's frames and size, else 16 frames
/// of 224 px). When it differs from <see cref="VitConfig.Grid"/> of <see cref="Encoder"/> the table is interpolated.
/// </param>
public sealed record InferredArchitecture(VitConfig Encoder, DecoderConfig? Decoder, int? Classes, TokenGrid TrainedGrid)
{
    /// <summary>The pre-training configuration, when the checkpoint has a decoder.</summary>
    public PretrainConfig? Pretrain => Decoder is null ? null : new PretrainConfig(Encoder, Decoder);

    /// <summary>A one-line description, e.g. "ViT 768-d, 12 blocks, 12 heads, MLP 3072, tubelet 2×16×16, 16×224×224, 400 classes".</summary>
    public string Describe()
    {
        var e = Encoder;
        var text = $"ViT {e.EmbedDim}-d, {e.Depth} blocks, {e.NumHeads} heads, MLP {e.MlpHidden}, tubelet {e.Tubelet}×{e.Patch}×{e.Patch}, input {e.Frames}×{e.ImageSize}×{e.ImageSize}";
        if (Decoder is { } d)
            text += $", decoder {d.EmbedDim}-d, {d.Depth} blocks, {d.NumHeads} heads";
        if (Classes is { } c)
            text += $", {c} classes";
        return text;
    }
}
