using System.Runtime.InteropServices;

namespace VideoMae.Benchmarks;

/// <summary>
/// Memory in use on a CUDA device, read from the driver side because TorchSharp 0.107 exposes none of libtorch's
/// allocator statistics (no <c>memory_allocated</c>, no <c>max_memory_allocated</c>, no <c>empty_cache</c>).
/// The reading is the device's total minus its free memory: first from the CUDA runtime that libtorch already loaded
/// (<c>cudaMemGetInfo</c>), else from NVML (<c>nvmlDeviceGetMemoryInfo</c>, the driver's library). Both count every
/// process on the device and the CUDA context, so only differences between two readings mean anything.
/// </summary>
/// <remarks>
/// libtorch's caching allocator keeps freed blocks reserved, so the driver sees a tensor's memory come but never go.
/// Differences measure live tensors only when the cache is off: <c>PYTORCH_NO_CUDA_MEMORY_CACHING=1</c> in the
/// environment before the process starts (<see cref="CachingDisabled"/>). Off, every allocation is a
/// <c>cudaMalloc</c> rounded up to the driver's 2 MiB pages, so readings can be up to 2 MiB per live tensor high.
/// </remarks>
public static class DeviceMemory
{
    /// <summary>Whether libtorch's caching allocator is off in this process, so driver readings follow live tensors.</summary>
    public static bool CachingDisabled => Environment.GetEnvironmentVariable("PYTORCH_NO_CUDA_MEMORY_CACHING") is "1";

    /// <summary>Which counter <see cref="UsedMegabytes"/> reads, e.g. "cudaMemGetInfo (libcudart.so.13)"; null before the first reading or where none works.</summary>
    public static string? Source { get; private set; }

    private static readonly string[] CudaRuntimeNames = ["libcudart.so.13", "libcudart.so.12", "libcudart.so", "cudart64_13", "cudart64_12"];
    private static readonly string[] NvmlNames = ["libnvidia-ml.so.1", "libnvidia-ml.so", "nvml"];

    private delegate int CudaSetDevice(int device);
    private delegate int CudaMemGetInfo(out nuint free, out nuint total);
    private delegate int NvmlInit();
    private delegate int NvmlDeviceGetHandleByIndex(uint index, out nint device);
    private delegate int NvmlDeviceGetMemoryInfo(nint device, out NvmlMemory memory);

    [StructLayout(LayoutKind.Sequential)]
    private struct NvmlMemory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    private static readonly Lazy<Func<int, double?>?> Reader = new(CreateReader, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Device memory in use on CUDA device <paramref name="index"/>, MiB; null where neither counter can be read.</summary>
    public static double? UsedMegabytes(int index) => Reader.Value?.Invoke(index);

    private static Func<int, double?>? CreateReader() => CudaRuntimeReader() ?? NvmlReader();

    private static Func<int, double?>? CudaRuntimeReader()
    {
        foreach (var name in CudaRuntimeNames)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
                continue;
            if (!NativeLibrary.TryGetExport(handle, "cudaMemGetInfo", out var memGetInfo) || !NativeLibrary.TryGetExport(handle, "cudaSetDevice", out var setDevice))
                continue;
            var info = Marshal.GetDelegateForFunctionPointer<CudaMemGetInfo>(memGetInfo);
            var select = Marshal.GetDelegateForFunctionPointer<CudaSetDevice>(setDevice);
            Source = $"cudaMemGetInfo ({name})";
            // cudaMemGetInfo answers for the calling thread's current device, so select it on every reading.
            return index => select(index) == 0 && info(out var free, out var total) == 0 ? (total - free) / 1048576.0 : null;
        }
        return null;
    }

    private static Func<int, double?>? NvmlReader()
    {
        foreach (var name in NvmlNames)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
                continue;
            if (!NativeLibrary.TryGetExport(handle, "nvmlInit_v2", out var init)
                || !NativeLibrary.TryGetExport(handle, "nvmlDeviceGetHandleByIndex_v2", out var byIndex)
                || !NativeLibrary.TryGetExport(handle, "nvmlDeviceGetMemoryInfo", out var memoryInfo))
                continue;
            if (Marshal.GetDelegateForFunctionPointer<NvmlInit>(init)() != 0)
                continue;
            var device = Marshal.GetDelegateForFunctionPointer<NvmlDeviceGetHandleByIndex>(byIndex);
            var info = Marshal.GetDelegateForFunctionPointer<NvmlDeviceGetMemoryInfo>(memoryInfo);
            // NVML numbers devices in PCI order, which matches CUDA's only without CUDA_VISIBLE_DEVICES reordering.
            Source = $"nvmlDeviceGetMemoryInfo ({name})";
            return index => device((uint)index, out var d) == 0 && info(d, out var memory) == 0 ? memory.Used / 1048576.0 : null;
        }
        return null;
    }

    /// <summary>
    /// The highest reading of <paramref name="read"/> while <paramref name="work"/> runs, sampled on a background
    /// thread about every millisecond, and the reading before it; used for a step's peak, which no counter keeps.
    /// </summary>
    public static (double Before, double Peak) PeakDuring(Func<double?> read, Action work)
    {
        var before = read() ?? double.NaN;
        var peak = before;
        using var stop = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!stop.IsSet)
            {
                if (read() is { } now && now > peak)
                    peak = now;
                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "device-memory-sampler" };
        sampler.Start();
        try
        {
            work();
        }
        finally
        {
            stop.Set();
            sampler.Join();
        }
        if (read() is { } after && after > peak)
            peak = after;
        return (before, peak);
    }
}
