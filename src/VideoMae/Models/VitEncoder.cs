using TorchSharp.Modules;
using VideoMae.Config;
using VideoMae.Layers;
using static TorchSharp.torch;

namespace VideoMae.Models;

/// <summary>
/// The pre-training encoder (SPEC §1.5 step 1): embed all N tokens, add the sin-cos table, keep the visible tokens
/// (raster order), run the blocks, LayerNorm. State-dict keys under <c>encoder.</c>: <c>patch_embed.proj.*</c>,
/// <c>blocks.i.*</c>, <c>norm.*</c>; the position table is a non-persistent buffer, as it is absent from the
/// reference checkpoints.
/// </summary>
public sealed class VitEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly PatchEmbed3d patch_embed;
    private readonly ModuleList<Block> blocks;
    private readonly LayerNorm norm;

    /// <summary>The encoder's configuration.</summary>
    public VitConfig Config { get; }

    /// <summary>An encoder with xavier-initialised Linear layers.</summary>
    public VitEncoder(VitConfig config, double dropPathRate = 0) : base(nameof(VitEncoder))
    {
        Config = config.Validate();
        patch_embed = new PatchEmbed3d(config);
        blocks = Block.Stack(config, dropPathRate);
        norm = nn.LayerNorm(config.EmbedDim, eps: config.LayerNormEps);
        register_buffer("pos_embed", SinCosTable.Create(config.Grid.Count, config.EmbedDim), persistent: false);
        RegisterComponents();
        Initialisation.XavierLinears(this);
    }

    /// <summary>Moves the non-persistent position table too, which TorchSharp's <c>to</c> leaves behind (<see cref="NonPersistentBuffers"/>).</summary>
    protected override void _toEpilog(ScalarType? dtype, Device? device, bool non_blocking)
    {
        base._toEpilog(dtype, device, non_blocking);
        NonPersistentBuffers.Follow(_internal_buffers, device);
    }

    /// <summary>Encodes the visible tokens.</summary>
    /// <param name="video">[B, C, T, H, W], ImageNet-normalised.</param>
    /// <param name="visibleIds">int64 [B, N_vis]: the tokens the encoder sees (<see cref="Masking.TokenSplit.Visible"/>).</param>
    /// <returns>[B, N_vis, D] after the final norm.</returns>
    public override Tensor forward(Tensor video, Tensor visibleIds)
    {
        using var scope = NewDisposeScope();
        var x = patch_embed.call(video) + get_buffer("pos_embed")!.to(video.dtype);   // [B, N, D]
        var visible = TokenSelection.Gather(x, visibleIds, nameof(visibleIds));         // [B, N_vis, D]
        foreach (var block in blocks)
            visible = block.call(visible);                                             // [B, N_vis, D]
        return norm.call(visible).MoveToOuterDisposeScope();
    }
}
