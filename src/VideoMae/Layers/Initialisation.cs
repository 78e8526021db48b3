using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VideoMae.Layers;

/// <summary>The reference's weight initialisations (SPEC §1.4), applied to every Linear and LayerNorm under a module.</summary>
public static class Initialisation
{
    /// <summary>Pre-training: Linear weights xavier-uniform, biases 0; LayerNorm 1/0. Convolutions keep their default init.</summary>
    public static void XavierLinears(nn.Module module) => Apply(module, w => nn.init.xavier_uniform_(w));

    /// <summary>Fine-tuning: Linear weights N(0, std²) truncated at ±2 (timm's default, effectively untruncated), biases 0; LayerNorm 1/0.</summary>
    public static void TruncatedNormalLinears(nn.Module module, double std = 0.02) =>
        Apply(module, w => nn.init.trunc_normal_(w, std: std, a: -2, b: 2));

    private static void Apply(nn.Module module, Action<Tensor> initWeight)
    {
        using var noGrad = no_grad();
        foreach (var m in module.modules())
        {
            switch (m)
            {
                case Linear linear:
                    initWeight(linear.weight!);
                    linear.bias?.zero_();
                    break;
                case LayerNorm norm:
                    norm.weight?.fill_(1);
                    norm.bias?.zero_();
                    break;
            }
        }
    }
}
