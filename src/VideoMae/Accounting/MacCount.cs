namespace VideoMae.Accounting;

/// <summary>
/// Multiply-accumulates of one part of a forward pass. One MAC counts as one "FLOP", fvcore's convention, which
/// the paper's FLOPs column uses (SPEC §3.1).
/// </summary>
/// <param name="Component">The part: patch_embed, encoder, encoder_to_decoder, decoder, head.</param>
/// <param name="Tokens">Tokens the part runs on.</param>
/// <param name="LinearMacs">Linear layers and the patch-embedding convolution.</param>
/// <param name="AttentionMacs">The two attention matmuls, q·kᵀ and attn·v: 2·N²·D per block.</param>
/// <param name="LayerNormMacs">LayerNorms at 5 per element (fvcore's norm rule); reported apart because the paper's ViT-g figures leave them out.</param>
public sealed record ComponentMacs(string Component, long Tokens, long LinearMacs, long AttentionMacs, long LayerNormMacs)
{
    /// <summary>Matmul and convolution MACs, LayerNorm excluded.</summary>
    public long MatmulMacs => LinearMacs + AttentionMacs;
}

/// <summary>A forward pass's MACs, per component.</summary>
/// <param name="Components">The parts in data-flow order.</param>
public sealed record MacReport(IReadOnlyList<ComponentMacs> Components)
{
    /// <summary>All matmul and convolution MACs.</summary>
    public long MatmulMacs => Components.Sum(c => c.MatmulMacs);

    /// <summary>All LayerNorm MACs.</summary>
    public long LayerNormMacs => Components.Sum(c => c.LayerNormMacs);

    /// <summary>Matmul/convolution plus LayerNorm MACs.</summary>
    public long TotalWithLayerNorm => MatmulMacs + LayerNormMacs;

    /// <summary>The component called <paramref name="name"/>.</summary>
    public ComponentMacs this[string name] => Components.Single(c => c.Component == name);
}
