using TorchSharp.Modules;
using VideoMae.Config;
using static TorchSharp.torch;

namespace VideoMae.Layers;

/// <summary>
/// Pre-norm transformer block shared by encoder, decoder and classifier:
/// x = x + DropPath(Attn(LN1(x))); x = x + DropPath(MLP(LN2(x))). No layer scale (the released models have none).
/// </summary>
public sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Attention attn;
    private readonly DropPath drop_path;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;

    /// <summary>A block of width <paramref name="dim"/>.</summary>
    public Block(int dim, int heads, int mlpHidden, double layerNormEps, double dropPath = 0) : base(nameof(Block))
    {
        norm1 = nn.LayerNorm(dim, eps: layerNormEps);
        attn = new Attention(dim, heads);
        drop_path = new DropPath(dropPath);
        norm2 = nn.LayerNorm(dim, eps: layerNormEps);
        mlp = new Mlp(dim, mlpHidden);
        RegisterComponents();
    }

    /// <summary>[B, N, D] → [B, N, D].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x + drop_path.call(attn.call(norm1.call(x)));                       // [B, N, D]
        return (h + drop_path.call(mlp.call(norm2.call(h)))).MoveToOuterDisposeScope(); // [B, N, D]
    }

    /// <summary>The blocks of a backbone, with stochastic-depth rates rising linearly to <paramref name="dropPathRate"/>.</summary>
    public static ModuleList<Block> Stack(VitConfig config, double dropPathRate) =>
        nn.ModuleList(Enumerable.Range(0, config.Depth)
            .Select(i => new Block(config.EmbedDim, config.NumHeads, config.MlpHidden, config.LayerNormEps, DropPathRate(i, config.Depth, dropPathRate)))
            .ToArray());

    /// <summary>Stochastic-depth rate of block i of <paramref name="depth"/>: linspace(0, rate, depth) as the reference.</summary>
    public static double DropPathRate(int i, int depth, double rate) => depth == 1 ? 0 : rate * i / (depth - 1);
}
