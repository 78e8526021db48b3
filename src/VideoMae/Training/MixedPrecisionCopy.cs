using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VideoMae.Training;

/// <summary>
/// Mixed precision without autocast (TorchSharp has none): a second instance of the model in bfloat16 runs the
/// forward and backward passes, while the float32 master keeps the weights the optimizer updates. Before each step the
/// master's weights are copied into the working copy; after each micro-batch's backward pass its gradients are added
/// to the master's float32 gradients, so accumulation sums in float32, not in bfloat16.
/// </summary>
/// <typeparam name="TModel">The model type of both copies.</typeparam>
public sealed class MixedPrecisionCopy<TModel> : IDisposable where TModel : nn.Module
{
    private readonly (Parameter Master, Parameter Working)[] _pairs;

    /// <summary>The working copy, in the compute type on the master's device.</summary>
    public TModel Working { get; }

    /// <summary>Pairs <paramref name="master"/> with <paramref name="working"/> (same architecture) and casts the latter.</summary>
    public MixedPrecisionCopy(TModel master, TModel working, ScalarType compute)
    {
        var device = master.parameters().First().device;
        working.to(device).to(compute);
        Working = working;
        var workingParameters = working.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        _pairs = master.named_parameters().Select(p => (p.parameter, workingParameters.TryGetValue(p.name, out var w)
            ? w : throw new ArgumentException($"the working copy lacks parameter '{p.name}'; expected the master's architecture."))).ToArray();
    }

    /// <summary>Copies the master weights into the working copy.</summary>
    public void PullWeights()
    {
        using var noGrad = no_grad();
        foreach (var (master, working) in _pairs)
            working.copy_(master);
    }

    /// <summary>
    /// Adds the working copy's gradients to the master's as float32 and clears them on the copy. Call it after every
    /// micro-batch: summing several micro-batches in bfloat16 first would round each partial sum to 8 bits of mantissa.
    /// </summary>
    public void AccumulateGradients()
    {
        using var noGrad = no_grad();
        foreach (var (master, working) in _pairs)
        {
            var grad = working.grad;
            if (grad is null)
                continue;
            using (var sum = master.grad)
            {
                if (sum is not null)
                    sum.add_(grad);
                else
                {
                    // The parameter keeps its own reference to the gradient; this handle is released here, not left to
                    // the finaliser (a detached handle per parameter and step was a leak).
                    using var converted = grad.to(ScalarType.Float32);
                    master.grad = converted;
                }
            }
            working.grad = null;
            grad.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Working.Dispose();
}
