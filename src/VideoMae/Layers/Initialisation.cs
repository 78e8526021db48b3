using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace VideoMae.Layers;

/// <summary>The reference's weight initialisations (SPEC §1.4), applied to every Linear and LayerNorm under a module.</summary>
public static class Initialisation
{
    /// <summary>Pre-training: Linear weights xavier-uniform, biases 0; LayerNorm 1/0. Convolutions keep their default init.</summary>
    public static void XavierLinears(nn.Module module) => Apply(module, w => nn.init.xavier_uniform_(w));

    /// <summary>Fine-tuning: Linear weights N(0, std²) truncated at ±2 (timm's default, effectively untruncated), biases 0; LayerNorm 1/0.</summary>
    public static void TruncatedNormalLinears(nn.Module module, double std = 0.02) =>
        Apply(module, w => TruncatedNormal_(w, std: std, a: -2, b: 2));

    /// <summary>
    /// Fills <paramref name="tensor"/> in place from N(mean, std²) truncated to [a, b] (absolute bounds), by inverting the
    /// normal CDF of a uniform draw. TorchSharp 0.107's <c>nn.init.trunc_normal_</c> fills every element with ±std
    /// instead, so the library does not use it.
    /// </summary>
    public static Tensor TruncatedNormal_(Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2)
    {
        using var noGrad = no_grad();
        var low = 2 * NormalCdf((a - mean) / std) - 1;
        var high = 2 * NormalCdf((b - mean) / std) - 1;
        return tensor.uniform_(low, high).erfinv_().MulInPlace(std * Math.Sqrt(2)).AddInPlace(mean).ClampInPlace(a, b);
    }

    // A scalar of the bounds, computed on the CPU whatever the default device is: on "meta" (modules built for their
    // shapes only) a tensor has no value to read back.
    private static double NormalCdf(double x)
    {
        using var t = torch.tensor(x / Math.Sqrt(2), ScalarType.Float64, CPU);
        return (1 + t.erf().item<double>()) / 2;
    }

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
                    norm.weight?.FillInPlace(1);
                    norm.bias?.zero_();
                    break;
            }
        }
    }
}
