using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VideoMae.Layers;

/// <summary>fc1 → exact (erf) GELU → fc2 → dropout; the reference applies dropout only after fc2.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly GELU act;
    private readonly Linear fc2;
    private readonly Dropout drop;

    /// <summary>An MLP of width <paramref name="dim"/> with <paramref name="hidden"/> hidden units.</summary>
    public Mlp(int dim, int hidden, double dropRate = 0) : base(nameof(Mlp))
    {
        fc1 = nn.Linear(dim, hidden);
        act = nn.GELU();
        fc2 = nn.Linear(hidden, dim);
        drop = nn.Dropout(dropRate);
        RegisterComponents();
    }

    /// <summary>[B, N, D] → [B, N, D].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return drop.call(fc2.call(act.call(fc1.call(x)))).MoveToOuterDisposeScope();
    }
}
