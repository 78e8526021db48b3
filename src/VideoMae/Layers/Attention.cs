using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VideoMae.Layers;

/// <summary>
/// Multi-head self-attention as VideoMAE builds it (SPEC §1.3): one bias-free <c>qkv</c> Linear (rows: query, key,
/// value; heads contiguous inside each third) plus separate learnable <c>q_bias</c> and <c>v_bias</c>; the key bias is
/// fixed at zero. Scores are scaled by head_dim^−0.5, which is what scaled_dot_product_attention applies by default.
/// </summary>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Parameter q_bias;
    private readonly Parameter v_bias;
    private readonly Linear proj;
    private readonly int _heads;

    /// <summary>Attention over width <paramref name="dim"/> split into <paramref name="heads"/> heads.</summary>
    public Attention(int dim, int heads) : base(nameof(Attention))
    {
        Require.DividesEvenly(dim, heads, nameof(dim), nameof(heads));
        _heads = heads;
        qkv = nn.Linear(dim, 3 * dim, hasBias: false);
        q_bias = new Parameter(zeros(dim));
        v_bias = new Parameter(zeros(dim));
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>[B, N, D] → [B, N, D].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (b, n, d) = (x.shape[0], x.shape[1], x.shape[2]);
        var bias = cat([q_bias, zeros_like(v_bias), v_bias]);
        // [B, N, 3D] -> [3, B, heads, N, head_dim]
        var qkvHeads = nn.functional.linear(x, qkv.weight!, bias).reshape(b, n, 3, _heads, d / _heads).permute(2, 0, 3, 1, 4);
        var attended = nn.functional.scaled_dot_product_attention(qkvHeads[0], qkvHeads[1], qkvHeads[2]);
        // [B, heads, N, head_dim] -> [B, N, D]
        return proj.call(attended.transpose(1, 2).reshape(b, n, d)).MoveToOuterDisposeScope();
    }
}
