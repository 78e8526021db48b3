using VideoMae.Training.Runs;

namespace VideoMae.Tests.Training;

public sealed class MachineInfoTests
{
    private static MachineInfo Cpu(int cores, int threads) =>
        new("AMD EPYC", cores, threads, null, "cpu", "2.10.0.0", "Debian", ".NET 10");

    [Theory]
    [InlineData(2, 2, "AMD EPYC (2 cores, 2 torch threads)")]
    [InlineData(2, 1, "AMD EPYC (2 cores, 1 torch thread)")]
    [InlineData(1, 1, "AMD EPYC (1 core, 1 torch thread)")]
    public void A_cpu_summary_counts_cores_and_threads_in_words(int cores, int threads, string expected) =>
        Assert.Equal(expected, Cpu(cores, threads).Summary);

    [Fact]
    public void A_gpu_summary_names_the_gpu_before_the_cpu() =>
        Assert.Equal("NVIDIA H100 + AMD EPYC", (Cpu(16, 16) with { Gpu = "NVIDIA H100" }).Summary);
}
