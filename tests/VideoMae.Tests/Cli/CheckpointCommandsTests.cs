using VideoMae.Checkpoints;
using VideoMae.Evaluation;
using VideoMae.Tests.Data;
using VideoMae.Tests.Fixtures;

namespace VideoMae.Tests.Cli;

public sealed class CheckpointCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-cli-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Classify_prints_the_protocols_top_classes_and_convert_keeps_them()
    {
        var video = TestVideos.Write(_folder, "clip.mp4", frames: 30, size: 40);
        var labels = Path.Combine(_folder, "labels.txt");
        File.WriteAllLines(labels, ["zero", "one", "two", "three", "four", "five", "six"]);
        var checkpoint = ReferenceFixtures.PathOf("tiny_p8.classifier.pth");
        var run = CliRunner.Run("classify", video, "--checkpoint", checkpoint, "--model", "tiny", "--labels", labels, "--views", "8x3x3", "--stride", "2", "--top", "3", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);

        // The library's protocol on the same video is the yardstick for the printed ranking.
        using var loaded = CheckpointLoader.LoadClassifier(checkpoint, new ArchitectureHints { Preset = "tiny" });
        var expected = MultiViewInference.Predict(loaded.Model, video, new ViewSpec(Frames: 8, Clips: 3, Crops: 3, Stride: 2, ShortSide: 32)).data<float>().ToArray();
        var top = run.Json.GetProperty("top").EnumerateArray().ToList();
        Assert.Equal(3, top.Count);
        var best = Array.IndexOf(expected, expected.Max());
        Assert.Equal(best, top[0].GetProperty("index").GetInt32());
        Assert.Equal(new[] { "zero", "one", "two", "three", "four", "five", "six" }[best], top[0].GetProperty("class").GetString());
        Assert.Equal(expected[best], top[0].GetProperty("probability").GetDouble(), 5);

        var converted = Path.Combine(_folder, "tiny.safetensors");
        var convert = CliRunner.Run("convert", checkpoint, "--out", converted, "--model", "tiny");
        Assert.True(convert.ExitCode == 0, convert.Stderr);
        var again = CliRunner.Run("classify", video, "--checkpoint", converted, "--labels", labels, "--views", "8x3x3", "--stride", "2", "--top", "3", "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(top[0].GetProperty("probability").GetDouble(), again.Json.GetProperty("top")[0].GetProperty("probability").GetDouble(), 6);
    }

    [Fact]
    public void Labels_that_do_not_fit_the_head_exit_2_with_one_line()
    {
        var video = TestVideos.Write(_folder, "clip.mp4", frames: 10, size: 32);
        var run = CliRunner.Run("classify", video, "--checkpoint", ReferenceFixtures.PathOf("tiny_p8.classifier.pth"), "--model", "tiny", "--labels", "k400");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("videomae: the checkpoint's head has 7 classes but labels 'k400' name 400; expected labels with 7 names.", run.Stderr.Trim());
    }

    [Fact]
    public void A_damaged_checkpoint_exits_1_naming_the_file()
    {
        var video = TestVideos.Write(_folder, "clip.mp4", frames: 10, size: 32);
        var bad = Path.Combine(_folder, "bad.pth");
        File.WriteAllText(bad, "PK but not really a zip file at all");
        var run = CliRunner.Run("classify", video, "--checkpoint", bad);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"videomae: {bad}:", run.Stderr.Trim());
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
