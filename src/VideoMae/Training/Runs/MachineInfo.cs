using TorchSharp;
using System.Diagnostics;
using System.Runtime.InteropServices;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Training.Runs;

/// <summary>The machine a run or benchmark ran on, written beside its results so numbers are never separated from their hardware.</summary>
/// <param name="Cpu">CPU model name.</param>
/// <param name="Cores">Logical cores.</param>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="Gpu">GPU name(s) from nvidia-smi, or null.</param>
/// <param name="Device">The training device.</param>
/// <param name="Libtorch">libtorch version.</param>
/// <param name="Os">Operating system description.</param>
/// <param name="Runtime">.NET runtime description.</param>
public sealed record MachineInfo(string Cpu, int Cores, int Threads, string? Gpu, string Device, string Libtorch, string Os, string Runtime)
{
    /// <summary>Describes this machine; <paramref name="device"/> is the training device.</summary>
    public static MachineInfo Current(Device device) => new(
        CpuName(), Environment.ProcessorCount, get_num_threads(), device.type == DeviceType.CUDA ? GpuName() : null, device.ToString(),
        TorchRuntime.LibtorchVersion, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);

    /// <summary>One line for logs and notebook captions.</summary>
    public string Summary => Gpu is null ? $"{Cpu} ({Count(Cores, "core")}, {Count(Threads, "torch thread")})" : $"{Gpu} + {Cpu}";

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string CpuName()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
                return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string? GpuName()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", "--query-gpu=name --format=csv,noheader")
                { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null)
                return null;
            var names = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && names.Length > 0 ? names.Replace('\n', ';') : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
