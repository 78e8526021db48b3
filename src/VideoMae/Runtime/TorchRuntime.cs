using TorchSharp;

namespace VideoMae.Runtime;

/// <summary>
/// Loads TorchSharp's native backend once per process and turns a failed load into one clear sentence instead of
/// TorchSharp's long loader trace. Call <see cref="EnsureLoaded"/> before the first tensor operation of a program.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the native backend, or throws <see cref="TorchUnavailableException"/> that says what is missing.</summary>
    public static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure)
            throw failure;
    }

    /// <summary>The libtorch version TorchSharp runs on, e.g. "2.10.0".</summary>
    public static string LibtorchVersion
    {
        get { EnsureLoaded(); return torch.__version__; }
    }

    /// <summary>Whether a CUDA device is usable in this process.</summary>
    public static bool CudaAvailable
    {
        get { EnsureLoaded(); return torch.cuda.is_available(); }
    }

    /// <summary>
    /// Why CUDA cannot be used in this process: TorchSharp's loader message (which names each library it tried), or
    /// null when CUDA is available. For diagnostics such as <c>videomae info</c> on a machine that has a GPU.
    /// </summary>
    public static string? CudaLoadError()
    {
        EnsureLoaded();
        if (torch.cuda.is_available())
            return null;
        try
        {
            torch.InitializeDeviceType(DeviceType.CUDA);
            return "the CUDA backend loaded, but libtorch reports no usable CUDA device";
        }
        catch (Exception e)
        {
            return (e.InnerException ?? e).Message.Trim();
        }
    }

    private static Exception? TryLoad()
    {
        // Check first: with the wrong libstdc++ the load fails with a trace that never names the missing symbol.
        if (NativePrerequisites.Problem(NativePrerequisites.FindLibstdcxx()) is { } problem)
            return new TorchUnavailableException(problem);
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception e)
        {
            var firstLine = (e.InnerException ?? e).Message.Split('\n')[0].Trim();
            return new TorchUnavailableException(
                $"TorchSharp's native library could not be loaded ({firstLine}); run `./build.sh setup` to restore " +
                "the libtorch backend and its prerequisites.", e);
        }
    }
}

/// <summary>TorchSharp's native backend cannot run in this process; the message says why and how to fix it.</summary>
public sealed class TorchUnavailableException : Exception
{
    /// <summary>Creates the exception with its one-sentence explanation.</summary>
    public TorchUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
