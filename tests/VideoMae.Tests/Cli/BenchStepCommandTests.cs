using System.Text.Json;

namespace VideoMae.Tests.Cli;

/// <summary>
/// <c>videomae bench step --json</c>: every number is positive, and the derived ones follow from the measured median
/// and the analytic count as TrainingStepBenchmark defines them, within the rounding of the printed values
/// (BenchCommands prints the median to 5 decimals, clips/s 3, GMACs 4, GFLOP/s 2, speed-ups 3).
/// </summary>
public class BenchStepCommandTests
{
    private const int Batch = 2;
    private const int Steps = 3;

    // One run serves every test: research-xs (512 tokens) resolves its 0.02–0.04 GMACs in 4 decimals, where tiny's
    // would be rounded by a few per cent.
    private static readonly Lazy<CliRunner.Result> Run = new(() =>
        CliRunner.Run("bench", "step", "--model", "research-xs", "--batch", $"{Batch}", "--steps", $"{Steps}", "--json"));

    private static JsonElement Json
    {
        get
        {
            Assert.True(Run.Value.ExitCode == 0, Run.Value.Stderr);
            return Run.Value.Json;
        }
    }

    private static Dictionary<string, JsonElement> Rows =>
        Json.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("decoder_mask").GetString()!);

    private static RoundedInterval Median(JsonElement row) => RoundedInterval.Of(row, "median_step_seconds", 5);

    [Fact]
    public void Each_row_echoes_its_configuration_and_no_memory_figure_is_negative()
    {
        var rows = Json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["none", "running-cell"], rows.Select(r => r.GetProperty("decoder_mask").GetString()));
        Assert.Equal([0, 0.5], rows.Select(r => r.GetProperty("decoder_ratio").GetDouble()));
        Assert.All(rows, r =>
        {
            Assert.Equal("research-xs", r.GetProperty("model").GetString());
            Assert.Equal(Batch, r.GetProperty("batch").GetInt32());
            Assert.Equal(Steps, r.GetProperty("steps").GetInt32());
            Assert.Equal("cpu", r.GetProperty("device").GetString());
            // Resident-memory differences: the allocator may reuse freed pages, so only a sign is certain.
            Assert.True(r.GetProperty("activation_mb_per_clip").GetDouble() >= 0);
            Assert.True(r.GetProperty("peak_memory_mb").GetDouble() >= 0);
        });
    }

    [Fact]
    public void Clips_per_second_is_the_batch_over_the_median_step()
    {
        foreach (var (mask, row) in Rows)
        {
            var expected = RoundedInterval.Exact(Batch) / Median(row);
            var reported = RoundedInterval.Of(row, "clips_per_second", 3);
            Assert.True(reported.Overlaps(expected), $"{mask}: clips/s {reported} vs batch / median {expected}");
        }
    }

    [Fact]
    public void Achieved_throughput_is_three_forward_passes_of_the_batch_per_median_step()
    {
        // Backward costs about twice the forward pass: 3 × forward MACs, counted as FLOPs in the paper's convention.
        foreach (var (mask, row) in Rows)
        {
            var expected = RoundedInterval.Exact(3 * Batch) * RoundedInterval.Of(row, "forward_gmacs_per_clip", 4) / Median(row);
            var reported = RoundedInterval.Of(row, "achieved_gflops_per_second", 2);
            Assert.True(reported.Overlaps(expected), $"{mask}: GFLOP/s {reported} vs 3 × GMACs × batch / median {expected}");
        }
    }

    [Fact]
    public void Speed_ups_are_ratios_of_the_medians_to_encoder_only()
    {
        var rows = Rows;
        var speedups = Json.GetProperty("speedup_vs_none");
        Assert.Equal(1, speedups.GetProperty("none").GetDouble());
        var expected = Median(rows["none"]) / Median(rows["running-cell"]);
        var reported = RoundedInterval.Of(speedups, "running-cell", 3);
        Assert.True(reported.Overlaps(expected), $"speed-up {reported} vs median(none) / median(running-cell) {expected}");
    }

    [Theory]
    [InlineData("none")]
    [InlineData("running-cell")]
    public void Forward_counts_equal_the_flops_command_and_dual_masking_counts_less(string mask)
    {
        var flops = CliRunner.Run("flops", "--model", "research-xs", "--decoder-mask", mask, "--decoder-ratio", mask == "none" ? "0" : "0.5", "--json");
        Assert.True(flops.ExitCode == 0, flops.Stderr);
        var rows = Rows;
        Assert.Equal(Math.Round(flops.Json.GetProperty("total_gmacs_with_layernorm").GetDouble(), 4), rows[mask].GetProperty("forward_gmacs_per_clip").GetDouble());
        // The encoder sees the same visible tokens either way; the running cell decodes half the positions.
        Assert.True(rows["running-cell"].GetProperty("forward_gmacs_per_clip").GetDouble() < rows["none"].GetProperty("forward_gmacs_per_clip").GetDouble());
    }

    [Fact]
    public void On_the_CPU_memory_comes_from_the_process_and_the_flash_switch_is_refused()
    {
        Assert.All(Rows.Values, r => Assert.StartsWith("process RSS", r.GetProperty("memory_counter").GetString()));
        var flash = CliRunner.Run("bench", "step", "--model", "tiny", "--steps", "1", "--flash-attention", "off");
        Assert.NotEqual(0, flash.ExitCode);
        Assert.Contains("CUDA only", flash.Stderr);
    }
}
