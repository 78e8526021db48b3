using TorchSharp.Modules;
using VideoMae.Config;
using VideoMae.Layers;
using VideoMae.Masking;
using static TorchSharp.torch;

namespace VideoMae.Models;

/// <summary>
/// The VideoMAE V2 pre-training autoencoder (SPEC §1.5): encoder over visible tokens, bias-free encoder→decoder
/// projection, decoder over [visible tokens + table, mask token + table at every reconstructed position], head on the
/// reconstructed positions only. Root state-dict keys: <c>encoder.*</c>, <c>encoder_to_decoder.weight</c>,
/// <c>mask_token</c>, <c>decoder.*</c> — the official names, so checkpoints map one to one.
/// </summary>
public sealed partial class PretrainModel : nn.Module<Tensor, TokenSplit, Tensor>
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

    /// <summary>Moves the non-persistent position table too, which TorchSharp's <c>to</c> leaves behind (<see cref="NonPersistentBuffers"/>).</summary>
    protected override void _toEpilog(ScalarType? dtype, Device? device, bool non_blocking)
    {
        base._toEpilog(dtype, device, non_blocking);
        NonPersistentBuffers.Follow(_internal_buffers, device);
    }

    /// <summary>The encoder, for fine-tuning and inspection.</summary>
    public VitEncoder Encoder => encoder;

    /// <summary>Predicts the pixels of the reconstructed positions.</summary>
    /// <param name="video">[B, C, T, H, W], ImageNet-normalised.</param>
    /// <param name="split">The batch's visible tokens and reconstructed positions (on the model's device).</param>
    /// <returns>[B, n_rec, C·t·p·p], reconstructed positions in raster order.</returns>
    public override Tensor forward(Tensor video, TokenSplit split)
    {
        if (split.Tokens != Config.Encoder.Grid.Count)
            throw new ArgumentException(
                $"the token split covers {split.Tokens} tokens per clip; expected the model's {Config.Encoder.Grid.Count} ({Config.Encoder.Grid}).", nameof(split));
        using var scope = NewDisposeScope();
        var visible = encoder_to_decoder.call(encoder.call(video, split.Visible));                        // [B, N_vis, D_dec]
        var pos = get_buffer("decoder_pos_embed")!.to(visible.dtype)[0];                                         // [N, D_dec]
        var posVisible = TokenSelection.GatherShared(pos, split.Visible, nameof(split.Visible));                // [B, N_vis, D_dec]
        var posReconstructed = TokenSelection.GatherShared(pos, split.Reconstructed, nameof(split.Reconstructed)); // [B, n_rec, D_dec]
        var tokens = cat([visible + posVisible, mask_token.to(visible.dtype) + posReconstructed], 1);     // [B, N_vis + n_rec, D_dec]
        return decoder.call(tokens, posReconstructed.shape[1]).MoveToOuterDisposeScope();
    }
}
