using System.Text.Json;
using VideoMae.Tests.Data.Frames;

namespace VideoMae.Tests.Cli;

public sealed class FrameSourceCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-cli-frames-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Pretrain_reads_frame_folders_with_the_template_flag_and_records_it_in_the_run_config()
    {
        for (var i = 0; i < 4; i++)
            TestFrames.Write(_folder, $"clip{i}", frames: 20, size: 32, template: "image_{:06}.jpg", start: 0);
        var list = Path.Combine(_folder, "frames.txt");
        File.WriteAllLines(list, Enumerable.Range(0, 4).Select(i => $"clip{i} 0 20"));
        var run = Path.Combine(_folder, "run");
        var result = CliRunner.Run("pretrain", "--model", "research-xs", "--data", $"{list}:2", "--frame-template", "image_{:06}.jpg",
            "--epochs", "1", "--batch", "2", "--max-steps", "1", "--workers", "2", "--out", run);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var data = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement.GetProperty("data")[0];
        Assert.Equal(("image_{:06}.jpg", 2), (data.GetProperty("frame_template").GetString(), data.GetProperty("stride").GetInt32()));

        // The default template matches none of these files: every clip fails, and the error shows template and a file.
        var wrong = CliRunner.Run("pretrain", "--model", "research-xs", "--data", $"{list}:2", "--epochs", "1", "--batch", "2", "--max-steps", "1", "--out", Path.Combine(_folder, "wrong"));
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("no file matches the frame template 'img_{:05}.jpg'", wrong.Stderr);
        Assert.Contains("e.g. 'image_000000.jpg'", wrong.Stderr);
    }
}
