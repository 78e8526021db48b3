using TorchSharp.Modules;
using VideoMae.Config;
using VideoMae.Layers;
using static TorchSharp.torch;

namespace VideoMae.Models;

/// <summary>
/// The VideoMAE V2 pre-training autoencoder (SPEC §1.5): encoder over visible tokens, bias-free encoder→decoder
/// projection, decoder over [visible tokens + table, mask token + table at every reconstructed position], head on the
/// reconstructed positions only. Root state-dict keys: <c>encoder.*</c>, <c>encoder_to_decoder.weight</c>,
/// <c>mask_token</c>, <c>decoder.*</c> — the official names, so checkpoints map one to one.
/// </summary>
public sealed class PretrainModel : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly VitEncoder encoder;
    private readonly VitDecoder decoder;
    private readonly Linear encoder_to_decoder;
    private readonly Parameter mask_token;

    /// <summary>The model's configuration.</summary>
    public PretrainConfig Config { get; }

    /// <summary>A freshly initialised autoencoder (SPEC §1.4).</summary>
    public PretrainModel(PretrainConfig config, double dropPathRate = 0) : base(nameof(PretrainModel))
    {
        Config = config.Validate();
        encoder = new VitEncoder(config.Encoder, dropPathRate);
        decoder = new VitDecoder(config);
        // Created after the sub-modules and never re-initialised in the reference: PyTorch's default Linear init.
        encoder_to_decoder = nn.Linear(config.Encoder.EmbedDim, config.Decoder.EmbedDim, hasBias: false);
        mask_token = new Parameter(zeros(1, 1, config.Decoder.EmbedDim));
        Initialisation.TruncatedNormal_(mask_token, std: 0.02, a: -0.02, b: 0.02);
        register_buffer("decoder_pos_embed", SinCosTable.Create(config.Encoder.Grid.Count, config.Decoder.EmbedDim), persistent: false);
        RegisterComponents();
    }

    /// <summary>The encoder, for fine-tuning and inspection.</summary>
    public VitEncoder Encoder => encoder;

    /// <summary>Predicts the pixels of the reconstructed positions.</summary>
    /// <param name="video">[B, C, T, H, W], ImageNet-normalised.</param>
    /// <param name="encoderHidden">bool [B, N]; true = hidden from the encoder.</param>
    /// <param name="decoderHidden">bool [B, N]; true = not reconstructed. V1 behaviour: pass the negated encoder mask.</param>
    /// <returns>[B, n_rec, C·t·p·p], reconstructed positions in raster order.</returns>
    public override Tensor forward(Tensor video, Tensor encoderHidden, Tensor decoderHidden)
    {
        using var scope = NewDisposeScope();
        var visible = encoder_to_decoder.call(encoder.call(video, encoderHidden));
        var (b, dDec) = (visible.shape[0], visible.shape[2]);
        var pos = get_buffer("decoder_pos_embed")!.to(visible.dtype).expand(b, -1, -1);
        var reconstructedMask = decoderHidden.logical_not();
        var posVisible = TokenSelection.Gather(pos, encoderHidden.logical_not(), "encoderHidden");
        var posReconstructed = TokenSelection.Gather(pos, reconstructedMask, "decoderHidden");
        var tokens = cat([visible + posVisible, mask_token.to(visible.dtype) + posReconstructed], 1);
        return decoder.call(tokens, posReconstructed.shape[1]).MoveToOuterDisposeScope();
    }
}
