using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VideoMae.Training;

/// <summary>
/// Mixed precision without autocast (TorchSharp has none): a second instance of the model in bfloat16 runs the
/// forward and backward passes, while the float32 master keeps the weights the optimizer updates. Before each step the
/// master's weights are copied into the working copy; after the backward pass its gradients are copied back as float32.
/// </summary>
public sealed class MixedPrecisionCopy : IDisposable
{
    private readonly (Parameter Master, Parameter Working)[] _pairs;

    /// <summary>The working copy, in the compute type on the master's device.</summary>
    public nn.Module Working { get; }

    /// <summary>Pairs <paramref name="master"/> with <paramref name="working"/> (same architecture) and casts the latter.</summary>
    public MixedPrecisionCopy(nn.Module master, nn.Module working, ScalarType compute)
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

    /// <summary>Moves the working copy's gradients to the master as float32 and clears them on the copy.</summary>
    public void PushGradients()
    {
        using var noGrad = no_grad();
        foreach (var (master, working) in _pairs)
        {
            var grad = working.grad;
            if (grad is null)
                continue;
            master.grad?.Dispose();
            master.grad = grad.to(ScalarType.Float32).DetachFromDisposeScope();
            working.grad = null;
            grad.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Working.Dispose();
}
