namespace VideoMae.Training.Settings;

/// <summary>
/// Numeric precision of the forward and backward passes. TorchSharp has no autocast, so mixed precision keeps float32
/// master weights and optimizer state and runs a bfloat16 copy of the model; targets, losses and the optimizer stay
/// float32.
/// </summary>
public enum Precision
{
    /// <summary>bfloat16 on CUDA, float32 on the CPU.</summary>
    Auto,

    /// <summary>float32 throughout.</summary>
    Float32,

    /// <summary>bfloat16 compute with float32 master weights.</summary>
    BFloat16,
}
