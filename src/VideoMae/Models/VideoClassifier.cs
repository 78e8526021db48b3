using TorchSharp.Modules;
using VideoMae.Config;
using VideoMae.Layers;
using static TorchSharp.torch;

namespace VideoMae.Models;

/// <summary>
/// The fine-tuning model (SPEC §1.3 "Final norms"): the encoder's patch embedding and blocks over all tokens, mean
/// pooling, <c>fc_norm</c>, dropout, <c>head</c>. Root keys: <c>patch_embed.*</c>, <c>blocks.i.*</c>,
/// <c>fc_norm.*</c>, <c>head.*</c> (no <c>norm</c>: it is the identity under mean pooling).
/// </summary>
public sealed class VideoClassifier : nn.Module<Tensor, Tensor>
{
    private readonly PatchEmbed3d patch_embed;
    private readonly ModuleList<Block> blocks;
    private readonly LayerNorm fc_norm;
    private readonly Dropout head_dropout;
    private readonly Linear head;

    /// <summary>The backbone configuration.</summary>
    public VitConfig Config { get; }

    /// <summary>Number of classes of the head.</summary>
    public int Classes { get; }

    /// <summary>A classifier initialised as the reference's fine-tuning model; the head is scaled by <paramref name="initScale"/>.</summary>
    public VideoClassifier(VitConfig config, int classes, double dropPathRate = 0, double headDropout = 0, double initScale = 0.001)
        : base(nameof(VideoClassifier))
    {
        Config = config.Validate();
        Require.Positive(classes, nameof(classes));
        Classes = classes;
        patch_embed = new PatchEmbed3d(config);
        blocks = Block.Stack(config, dropPathRate);
        fc_norm = nn.LayerNorm(config.EmbedDim, eps: config.LayerNormEps);
        head_dropout = nn.Dropout(headDropout);
        head = nn.Linear(config.EmbedDim, classes);
        register_buffer("pos_embed", SinCosTable.Create(config.Grid.Count, config.EmbedDim), persistent: false);
        RegisterComponents();
        Initialisation.TruncatedNormalLinears(this);
        using (no_grad())
        {
            head.weight!.MulInPlace(initScale);
            head.bias!.MulInPlace(initScale);
        }
    }

    /// <summary>Mean-pooled, normalised features before the head: [B, D].</summary>
    public Tensor Features(Tensor video)
    {
        using var scope = NewDisposeScope();
        var x = patch_embed.call(video) + get_buffer("pos_embed")!.to(video.dtype);   // [B, N, D]
        foreach (var block in blocks)
            x = block.call(x);                                                        // [B, N, D]
        return fc_norm.call(x.mean([1])).MoveToOuterDisposeScope();                   // [B, D]
    }

    /// <summary>Moves the non-persistent position table too, which TorchSharp's <c>to</c> leaves behind (<see cref="NonPersistentBuffers"/>).</summary>
    protected override void _toEpilog(ScalarType? dtype, Device? device, bool non_blocking)
    {
        base._toEpilog(dtype, device, non_blocking);
        NonPersistentBuffers.Follow(_internal_buffers, device);
    }

    /// <summary>[B, C, T, H, W] → logits [B, classes].</summary>
    public override Tensor forward(Tensor video)
    {
        using var scope = NewDisposeScope();
        return head.call(head_dropout.call(Features(video))).MoveToOuterDisposeScope();
    }
}
