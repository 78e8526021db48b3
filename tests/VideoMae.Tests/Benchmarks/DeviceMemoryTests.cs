using VideoMae.Benchmarks;

namespace VideoMae.Tests.Benchmarks;

/// <summary>
/// The CUDA memory path of <c>bench step</c> as far as a CPU machine allows: the peak sampler against a counter whose
/// history is known, and the switch that decides whether driver readings mean anything.
/// </summary>
public sealed class DeviceMemoryTests
{
    [Fact]
    public void The_sampler_finds_a_peak_that_is_gone_before_the_work_returns()
    {
        // The counter rises to 900 MiB in the middle of the work and falls back to 100 before it ends, as a step's
        // activations do; neither the reading before nor the one after shows it.
        double current = 100;
        var (before, peak) = DeviceMemory.PeakDuring(() => current, () =>
        {
            current = 900;
            Thread.Sleep(50);
            current = 100;
        });
        Assert.Equal(100, before);
        Assert.Equal(900, peak);
    }

    [Fact]
    public void An_unreadable_counter_gives_no_peak_rather_than_zero()
    {
        var (before, peak) = DeviceMemory.PeakDuring(() => null, () => Thread.Sleep(5));
        Assert.True(double.IsNaN(before) && double.IsNaN(peak));
    }

    [Fact]
    public void Readings_count_only_with_the_caching_allocator_off()
    {
        var previous = Environment.GetEnvironmentVariable("PYTORCH_NO_CUDA_MEMORY_CACHING");
        try
        {
            Environment.SetEnvironmentVariable("PYTORCH_NO_CUDA_MEMORY_CACHING", null);
            Assert.False(DeviceMemory.CachingDisabled);
            Environment.SetEnvironmentVariable("PYTORCH_NO_CUDA_MEMORY_CACHING", "1");
            Assert.True(DeviceMemory.CachingDisabled);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PYTORCH_NO_CUDA_MEMORY_CACHING", previous);
        }
    }

    [Fact]
    public void Without_a_GPU_neither_counter_reads_and_nothing_throws()
    {
        // This machine has no CUDA runtime or NVML library; a GPU machine answers a number instead (see docs/gpu.md).
        if (File.Exists("/dev/nvidiactl"))
            return;
        Assert.Null(DeviceMemory.UsedMegabytes(0));
    }
}
