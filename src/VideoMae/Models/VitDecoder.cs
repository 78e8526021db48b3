using TorchSharp.Modules;
using VideoMae.Config;
using VideoMae.Layers;
using static TorchSharp.torch;

namespace VideoMae.Models;

/// <summary>
/// The pre-training decoder (SPEC §1.5 step 4): blocks over [visible tokens, mask tokens of the reconstructed
/// positions]; only the last n_rec tokens pass through the final norm and the head. State-dict keys under
/// <c>decoder.</c>: <c>blocks.j.*</c>, <c>norm.*</c>, <c>head.*</c>.
/// </summary>
public sealed class VitDecoder : nn.Module<Tensor, long, Tensor>
{
    private readonly ModuleList<Block> blocks;
    private readonly LayerNorm norm;
    private readonly Linear head;

    /// <summary>A decoder with xavier-initialised Linear layers.</summary>
    public VitDecoder(PretrainConfig config) : base(nameof(VitDecoder))
    {
        var d = config.Validate().Decoder;
        blocks = nn.ModuleList(Enumerable.Range(0, d.Depth)
            .Select(_ => new Block(d.EmbedDim, d.NumHeads, config.DecoderMlpHidden, config.Encoder.LayerNormEps))
            .ToArray());
        norm = nn.LayerNorm(d.EmbedDim, eps: config.Encoder.LayerNormEps);
        head = nn.Linear(d.EmbedDim, config.DecoderOutDim);
        RegisterComponents();
        Initialisation.XavierLinears(this);
    }

    /// <summary>Decodes and predicts the last <paramref name="reconstructed"/> tokens.</summary>
    /// <param name="tokens">[B, N_vis + n_rec, D_dec].</param>
    /// <param name="reconstructed">n_rec.</param>
    /// <returns>[B, n_rec, C·t·p·p].</returns>
    public override Tensor forward(Tensor tokens, long reconstructed)
    {
        using var scope = NewDisposeScope();
        var x = tokens;                                                    // [B, N_vis + n_rec, D_dec]
        foreach (var block in blocks)
            x = block.call(x);
        var tail = x[.., ^(int)reconstructed.., ..];                       // [B, n_rec, D_dec]
        return head.call(norm.call(tail)).MoveToOuterDisposeScope();       // [B, n_rec, C·t·p·p]
    }
}
