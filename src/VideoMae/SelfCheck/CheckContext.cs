using TorchSharp;
using static TorchSharp.torch;

namespace VideoMae.SelfCheck;

/// <summary>What every self-check runs with.</summary>
/// <param name="Device">Where the tensors live.</param>
/// <param name="Compute">float32, or bfloat16 (models and inputs cast; training through the float32-master copy).</param>
/// <param name="Fixtures">Where the reference fixtures are, if found.</param>
/// <param name="Seed">Seed of the synthetic clips, masks and initialisation, so a CPU run is deterministic.</param>
public sealed record CheckContext(Device Device, ScalarType Compute, FixtureLocation Fixtures, int Seed = 0)
{
    /// <summary>Whether the checks run on a CUDA device, where kernels sum in other orders and some use atomics.</summary>
    public bool OnCuda => Device.type == DeviceType.CUDA;

    /// <summary>Whether the forward passes run in bfloat16.</summary>
    public bool BFloat16 => Compute == ScalarType.BFloat16;
}
