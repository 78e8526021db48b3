using static TorchSharp.torch;

namespace VideoMae.Training.Regularisation;

/// <summary>Cross-entropy against soft targets: mean over the batch of −Σ y · log softmax(logits).</summary>
public static class SoftTargetCrossEntropy
{
    /// <summary>The scalar loss, computed in float32.</summary>
    public static Tensor Compute(Tensor logits, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var logProbabilities = nn.functional.log_softmax(logits.to(ScalarType.Float32), 1);
        return (-(targets * logProbabilities).sum(dim: 1)).mean().MoveToOuterDisposeScope();
    }
}
