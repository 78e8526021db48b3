using TorchSharp;
using static TorchSharp.torch;

namespace VideoMae.Layers;

/// <summary>
/// Per-sample stochastic depth (timm semantics): in training, each sample's residual branch is zeroed with
/// probability p and survivors are scaled by 1/(1−p); in evaluation it is the identity.
/// </summary>
public sealed class DropPath : nn.Module<Tensor, Tensor>
{
    /// <summary>The drop probability.</summary>
    public double Probability { get; }

    /// <summary>Drop path with probability <paramref name="probability"/> in [0, 1).</summary>
    public DropPath(double probability) : base(nameof(DropPath))
    {
        Require.InRange(probability, 0, 1, nameof(probability));
        Probability = probability;
    }

    /// <summary>Applies stochastic depth to a residual branch [B, ...].</summary>
    public override Tensor forward(Tensor x) => Apply(x, Probability, training);

    /// <summary>The functional form: identity when not training or p = 0 (returns an alias, never the input itself).</summary>
    public static Tensor Apply(Tensor x, double probability, bool training)
    {
        if (!training || probability == 0)
            return x.alias();
        using var scope = NewDisposeScope();
        var keep = 1 - probability;
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x.shape[0];
        var mask = empty(shape, x.dtype, x.device).bernoulli_(keep);
        return x.Div(keep).mul(mask).MoveToOuterDisposeScope();
    }
}
