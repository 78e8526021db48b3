using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VideoMae.Training.Optimization;

/// <summary>The global L2 norm of the gradients, and clipping to a maximum norm (torch.nn.utils.clip_grad_norm_).</summary>
public static class GradientNorm
{
    /// <summary>
    /// The total norm of all gradients, computed in float32 on their device; with <paramref name="maxNorm"/> the
    /// gradients are scaled by max/(norm + 1e-6) when the norm exceeds it. Returns the norm before clipping.
    /// </summary>
    public static double ClipAndMeasure(IEnumerable<Parameter> parameters, double? maxNorm = null)
    {
        if (maxNorm is { } max && !(max > 0))
            throw new ArgumentException($"gradient clip = {max}; expected a positive maximum norm.", nameof(maxNorm));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToArray();
        if (grads.Length == 0)
            return 0;
        var total = stack(grads.Select(g => g.to(ScalarType.Float32).norm()).ToArray()).norm().item<float>();
        if (maxNorm is { } limit && total > limit)
        {
            using var factor = (limit / (total + 1e-6)).ToScalar();   // named: TorchSharp does not keep a temporary scalar alive
            foreach (var g in grads)
                g.mul_(factor);
        }
        return total;
    }
}
