using TorchSharp;
using static TorchSharp.torch;

namespace VideoMae.Benchmarks;

/// <summary>
/// The memory counter a benchmark reads on its device, with its name so that every reported number says where it
/// came from: the process's resident memory on the CPU, the driver's device memory on CUDA (exact only with
/// libtorch's caching allocator off, see <see cref="DeviceMemory"/>), or none, whose readings are NaN.
/// </summary>
public sealed class MemoryCounter
{
    private readonly Func<double> now;
    private readonly Func<Action, double> peakAbove;

    private MemoryCounter(string name, Func<double> now, Func<Action, double> peakAbove) =>
        (Name, this.now, this.peakAbove) = (name, now, peakAbove);

    /// <summary>What the readings are, e.g. "process RSS (VmRSS/VmHWM)".</summary>
    public string Name { get; }

    /// <summary>The reading now, MiB (NaN where nothing can be read).</summary>
    public double Now() => now();

    /// <summary>The peak while <paramref name="work"/> runs above the reading before it, MiB.</summary>
    public double PeakAbove(Action work) => peakAbove(work);

    /// <summary>The counter for <paramref name="device"/>; on the CPU it also makes glibc return freed memory at once.</summary>
    public static MemoryCounter For(Device device)
    {
        if (device.type != DeviceType.CUDA)
        {
            ProcessMemory.TrackLiveAllocations();
            return new MemoryCounter("process RSS (VmRSS, peak VmHWM)", () => ProcessMemory.ResidentMegabytes, work =>
            {
                var before = ProcessMemory.ResidentMegabytes;
                ProcessMemory.ResetPeak();
                work();
                return ProcessMemory.PeakMegabytes - before;
            });
        }
        var index = Math.Max(0, (int)device.index);
        if (!DeviceMemory.CachingDisabled)
            return Unavailable("none: libtorch's CUDA caching allocator hides frees from the driver; run with PYTORCH_NO_CUDA_MEMORY_CACHING=1 to measure memory (slower steps)");
        if (DeviceMemory.UsedMegabytes(index) is null)
            return Unavailable("none: neither the CUDA runtime (cudaMemGetInfo) nor NVML could be read");
        double Read() => DeviceMemory.UsedMegabytes(index) ?? double.NaN;
        return new MemoryCounter($"device memory in use, {DeviceMemory.Source}, caching allocator off, sampled every ~1 ms", Read, work =>
        {
            var (before, peak) = DeviceMemory.PeakDuring(() => DeviceMemory.UsedMegabytes(index), work);
            return peak - before;
        });
    }

    private static MemoryCounter Unavailable(string why) => new(why, () => double.NaN, work =>
    {
        work();
        return double.NaN;
    });
}
