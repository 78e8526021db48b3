using TorchSharp;
using static TorchSharp.torch;

namespace VideoMae.SelfCheck;

/// <summary>
/// Turns TF32 off for CUDA matrix products and cuDNN convolutions while it lives, and restores the previous flags
/// when disposed. TF32 rounds the inputs of float32 products to a 10-bit significand (unit roundoff 2^-11 ≈ 5e-4),
/// so with it a float32 comparison would measure TF32, not whether the kernels compute the right thing. The trainer
/// turns TF32 on for speed (<see cref="Training.Trainer"/>); comparisons that expect float32 accuracy turn it off.
/// Nothing happens on the CPU, where the flags do not apply.
/// </summary>
internal sealed class Tf32Off : IDisposable
{
    private readonly (bool Matmul, bool Cudnn)? _previous;

    public Tf32Off(Device device)
    {
        if (device.type != DeviceType.CUDA)
            return;
        _previous = (backends.cuda.matmul.allow_tf32, backends.cudnn.allow_tf32);
        backends.cuda.matmul.allow_tf32 = false;
        backends.cudnn.allow_tf32 = false;
    }

    public void Dispose()
    {
        if (_previous is not { } previous)
            return;
        backends.cuda.matmul.allow_tf32 = previous.Matmul;
        backends.cudnn.allow_tf32 = previous.Cudnn;
    }
}
