using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VideoMae.Training.Optimization;

/// <summary>The global L2 norm of the gradients, and clipping to a maximum norm (torch.nn.utils.clip_grad_norm_).</summary>
public static class GradientNorm
{
    /// <summary>
    /// The total norm of all gradients as a float32 scalar tensor on their device; with <paramref name="maxNorm"/> the
    /// gradients are scaled by min(1, max/(norm + 1e-6)). Computed on the device, so a training step does not wait for
    /// it before the update's inputs are queued. Returns the norm before clipping (0 without gradients).
    /// </summary>
    public static Tensor Clip(IEnumerable<Parameter> parameters, double? maxNorm = null)
    {
        if (maxNorm is { } max && !(max > 0))
            throw new ArgumentException($"gradient clip = {max}; expected a positive maximum norm.", nameof(maxNorm));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToArray();
        if (grads.Length == 0)
            return zeros(1, ScalarType.Float32).reshape().MoveToOuterDisposeScope();
        var total = stack(grads.Select(g => g.to(ScalarType.Float32).norm()).ToArray()).norm();   // []
        if (maxNorm is { } limit)
        {
            var factor = total.Add(1e-6).reciprocal().MulInPlace(limit).ClampMax(1);
            foreach (var g in grads)
                g.mul_(factor.to(g.dtype));
        }
        return total.MoveToOuterDisposeScope();
    }

    /// <summary><see cref="Clip"/> with the norm read to the host.</summary>
    public static double ClipAndMeasure(IEnumerable<Parameter> parameters, double? maxNorm = null)
    {
        using var total = Clip(parameters, maxNorm);
        return total.item<float>();
    }
}
