namespace VideoMae.Tests.Cli;

public sealed class DataCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-cli-data-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Synth_then_bench_data_reports_clips_per_second_and_time_shares_per_decoder()
    {
        var synth = CliRunner.Run("synth", "--kind", "hybrid", "--videos", "6", "--frames", "16", "--size", "32", "--out", _folder);
        Assert.Equal(0, synth.ExitCode);
        Assert.Contains("written  6", synth.Stdout);
        var bench = CliRunner.Run("bench", "data", "--list", Path.Combine(_folder, "unlabeled.txt"), "--batch", "2", "--batches", "2", "--frames", "8", "--size", "32", "--workers", "2", "--json");
        Assert.True(bench.ExitCode == 0, bench.Stderr);
        Assert.Equal(2, bench.Json.GetProperty("workers").GetInt32());
        // Both decoders by default, the old one first, on the same clips.
        var results = bench.Json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["ffmpeg-process", "in-process"], results.Select(r => r.GetProperty("decoder").GetString()));
        foreach (var r in results)
        {
            Assert.Equal(4, r.GetProperty("clips").GetInt32());
            Assert.True(r.GetProperty("clips_per_second").GetDouble() > 0);
            Assert.True(r.GetProperty("decode_ms_per_clip").GetDouble() > 0);
            var (decode, augment) = (r.GetProperty("decode_share").GetDouble(), r.GetProperty("augment_share").GetDouble());
            // Shares are rounded to 3 decimals, and beside an ffmpeg process's ~400 ms a clip the crop of a 32² clip
            // (no resize) takes well under 0.05 %: its share can print as 0.
            Assert.True(decode > 0 && augment >= 0 && decode + augment <= 1.0005, $"shares {decode} + {augment}");
            Assert.True(r.GetProperty("augment_ms_per_clip").GetDouble() >= 0);
            Assert.Equal(0, r.GetProperty("decode_failures").GetInt64());
        }
        Assert.Equal(1.0, bench.Json.GetProperty("speedup_vs_ffmpeg_process").GetProperty("ffmpeg-process").GetDouble());

        var one = CliRunner.Run("bench", "data", "--list", Path.Combine(_folder, "unlabeled.txt"), "--batch", "2", "--batches", "1", "--frames", "8", "--size", "32", "--decoder", "in-process");
        Assert.True(one.ExitCode == 0, one.Stderr);
        Assert.Contains("in-process", one.Stdout);
        Assert.DoesNotContain("ffmpeg-process", one.Stdout);
        var unknown = CliRunner.Run("bench", "data", "--list", Path.Combine(_folder, "unlabeled.txt"), "--decoder", "gpu");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'gpu'", unknown.Stderr);
    }

    [Fact]
    public void Bench_data_measures_a_frame_folder_list_once_as_the_video_decoder_does_not_apply()
    {
        Assert.Equal(0, CliRunner.Run("synth", "--kind", "hybrid", "--videos", "4", "--frames", "16", "--size", "32", "--out", _folder).ExitCode);
        var frames = Path.Combine(_folder, "frames");
        var prepare = CliRunner.Run("prepare", Path.Combine(_folder, "unlabeled.txt"), "--out", frames);
        Assert.True(prepare.ExitCode == 0, prepare.Stderr);
        var bench = CliRunner.Run("bench", "data", "--list", Path.Combine(frames, "unlabeled.txt"), "--batch", "2", "--batches", "1", "--frames", "8", "--size", "32", "--json");
        Assert.True(bench.ExitCode == 0, bench.Stderr);
        Assert.True(bench.Json.GetProperty("frame_folders_only").GetBoolean());
        var result = Assert.Single(bench.Json.GetProperty("results").EnumerateArray());
        Assert.Equal(2, result.GetProperty("clips").GetInt32());
        Assert.Equal("jpeg-frames", result.GetProperty("decoder").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, bench.Json.GetProperty("speedup_vs_ffmpeg_process").ValueKind);
    }

    [Fact]
    public void Synth_records_a_plain_background_and_refuses_an_unknown_one()
    {
        var plain = CliRunner.Run("synth", "--kind", "motion", "--videos", "2", "--frames", "8", "--size", "32", "--background", "plain", "--out", _folder);
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        using var description = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "dataset.json")));
        Assert.Equal("plain", description.RootElement.GetProperty("background").GetString());
        var unknown = CliRunner.Run("synth", "--background", "dotted", "--out", _folder);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Argument 'dotted' not recognized. Must be one of: 'striped' 'plain'", unknown.Stderr);
        Assert.Contains("see `videomae synth --help`", unknown.Stderr);
        Assert.DoesNotContain("Usage:", unknown.Stdout + unknown.Stderr);
    }

    [Fact]
    public void Prepare_writes_frame_folders_reports_progress_and_failures_on_stderr_and_exits_1_when_one_failed()
    {
        var synth = CliRunner.Run("synth", "--kind", "motion", "--videos", "2", "--frames", "8", "--size", "32", "--out", _folder);
        Assert.True(synth.ExitCode == 0, synth.Stderr);
        var list = Path.Combine(_folder, "train.txt");
        var ok = CliRunner.Run("prepare", list, "--out", Path.Combine(_folder, "frames"), "--short-side", "16", "--json");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Contains("prepare: 2/2 videos", ok.Stderr);
        Assert.Equal((2, 0), (ok.Json.GetProperty("written").GetInt32(), ok.Json.GetProperty("failed").GetInt32()));
        Assert.All(File.ReadAllLines(Path.Combine(_folder, "frames", "train.txt")), l => Assert.Matches(@"^frames/videos/motion_0000[01] 8 [0-9]+$", l));

        File.AppendAllLines(list, ["broken.mp4 0"]);
        File.WriteAllText(Path.Combine(_folder, "broken.mp4"), "not a video");
        var failed = CliRunner.Run("prepare", list, "--out", Path.Combine(_folder, "frames"), "--short-side", "16");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains($"prepare: failed {Path.Combine(_folder, "broken.mp4")}: ", failed.Stderr);
        Assert.Contains("skipped            2", failed.Stdout);
        Assert.Contains("failed             1", failed.Stdout);

        var bad = CliRunner.Run("prepare", list, "--out", Path.Combine(_folder, "other"), "--quality", "0");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("quality = 0", bad.Stderr);
    }

    [Fact]
    public void Without_ffmpeg_the_command_says_which_package_to_install()
    {
        var r = CliRunner.RunWithPath("/nonexistent", "synth", "--videos", "1", "--out", _folder);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("ffmpeg was not found", r.Stderr);
        Assert.Contains("apt-get install ffmpeg", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }
}
