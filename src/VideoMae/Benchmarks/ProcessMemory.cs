namespace VideoMae.Benchmarks;

/// <summary>
/// Resident memory of this process from /proc (Linux): the current size and the high-water mark, which can be reset
/// so that one phase of a benchmark is measured on its own. Elsewhere the peak falls back to the current size.
/// </summary>
public static class ProcessMemory
{
    /// <summary>Resident set size now, MiB.</summary>
    public static double ResidentMegabytes => Field("VmRSS:") ?? Environment.WorkingSet / 1048576.0;

    /// <summary>Peak resident set size since the start or the last <see cref="ResetPeak"/>, MiB.</summary>
    public static double PeakMegabytes => Field("VmHWM:") ?? ResidentMegabytes;

    /// <summary>
    /// Makes glibc serve every allocation of 64 KiB or more with its own mapping and return it on free (a fixed
    /// mmap threshold; glibc otherwise raises it as blocks are freed and keeps them resident), so the resident size
    /// follows the tensors that are alive and a peak measures one phase, not the heap's history. Linux/glibc only;
    /// returns false elsewhere.
    /// </summary>
    public static bool TrackLiveAllocations()
    {
        try
        {
            return mallopt(MmapThreshold, 64 * 1024) == 1 && mallopt(TrimThreshold, 64 * 1024) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);

    /// <summary>Resets the peak to the current size (writes 5 to /proc/self/clear_refs); false where that is not possible.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static double? Field(string name)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
            return line is null ? null : double.Parse(line[name.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
