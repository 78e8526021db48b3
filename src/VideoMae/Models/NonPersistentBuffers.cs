using TorchSharp.Utils;
using static TorchSharp.torch;

namespace VideoMae.Models;

/// <summary>
/// Moves a module's non-persistent buffers (the sin-cos position tables) when the module moves. TorchSharp 0.107's
/// <c>Module.to</c> skips them: its <c>named_buffers</c> drops a module's own non-persistent buffers whatever
/// <c>include_nonpersistent</c> says, so on CUDA the tables stayed on the CPU and the first forward pass failed
/// ("found at least two devices, cuda:0 and cpu"; seen on the first GPU run). Modules that own such buffers call
/// <see cref="Follow"/> from their <c>_toEpilog</c> override.
/// </summary>
internal static class NonPersistentBuffers
{
    /// <summary>
    /// Puts every non-persistent buffer of <paramref name="buffers"/> on <paramref name="device"/> (null: where it is),
    /// disposing the old copy. The dtype stays: the tables are float32 and cast where they are used.
    /// </summary>
    public static void Follow(OrderedDict<string, (Tensor Buffer, bool Persistent)> buffers, Device? device)
    {
        if (device is null)
            return;
        foreach (var name in buffers.Keys)
        {
            var (buffer, persistent) = buffers[name];
            if (persistent || (buffer.device_type == device.type && (device.index < 0 || buffer.device_index == device.index)))
                continue;
            buffers[name] = (buffer.to(device).DetachFromDisposeScope(), false);
            buffer.Dispose();
        }
    }
}
