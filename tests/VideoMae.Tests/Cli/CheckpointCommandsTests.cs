using VideoMae.Checkpoints;
using VideoMae.Evaluation;
using VideoMae.Runtime;
using VideoMae.Tests.Checkpoints;
using VideoMae.Tests.Checkpoints.Pth;
using VideoMae.Tests.Data;
using VideoMae.Tests.Fixtures;
using static TorchSharp.torch;

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

    // ---- one line per failure, the trace only with --verbose (issue 24) ----------------------------------------------

    private static readonly string Checkpoint = ReferenceFixtures.PathOf("tiny_p8.classifier.pth");

    private static void AssertOneLine(CliRunner.Result run, string path, string expected)
    {
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Stderr}");
        var line = run.Stderr.Trim();
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith($"videomae: {path}: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain(".tmp-", line);
    }

    [Fact]
    public void Convert_into_a_folder_or_a_missing_folder_exits_1_naming_the_out_path()
    {
        var missing = Path.Combine(_folder, "missing", "model.safetensors");
        AssertOneLine(CliRunner.Run("convert", Checkpoint, "--out", _folder, "--model", "tiny"), _folder, "is a folder; expected a file to write");
        AssertOneLine(CliRunner.Run("convert", Checkpoint, "--out", missing, "--model", "tiny"), missing, $"the folder {Path.GetDirectoryName(missing)} does not exist");
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void Convert_replaces_an_existing_file()
    {
        var output = Path.Combine(_folder, "model.safetensors");
        File.WriteAllText(output, "an earlier export");
        var run = CliRunner.Run("convert", Checkpoint, "--out", output, "--model", "tiny");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("blocks.0.attn.qkv.weight", Safetensors.ReadHeader(output).Entries.Select(e => e.Name));
    }

    [Fact]
    public void A_full_disk_while_converting_exits_1_in_one_line_and_keeps_the_previous_file()
    {
        // ulimit -f fails every write past 64 KiB as a full disk fails it (EFBIG instead of ENOSPC: the same failed
        // write, which .NET reports as an ArgumentOutOfRangeException instead of an IOException). SIGXFSZ is ignored so
        // that the write returns the error instead of killing the process, and the runtime's W^X double mapping, which
        // needs a file as large as the code heap, is off.
        const string SmallDisk = "trap '' XFSZ; ulimit -f 64; export DOTNET_EnableWriteXorExecute=0";
        var output = Path.Combine(_folder, "model.safetensors");
        File.WriteAllText(output, "the previous export");
        var run = ShellCliRunner.Run(SmallDisk, "convert", Checkpoint, "--out", output, "--model", "tiny");
        AssertOneLine(run, output, "the previous file is unchanged");
        Assert.Equal("the previous export", File.ReadAllText(output));
        Assert.Equal([output], Directory.GetFiles(_folder));

        var verbose = ShellCliRunner.Run(SmallDisk, "convert", Checkpoint, "--out", output, "--model", "tiny", "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.StartsWith($"videomae: {output}: ", verbose.Stderr);
        Assert.Contains("   at ", verbose.Stderr);
    }

    [Fact]
    public void Verbose_adds_the_trace_to_the_one_line()
    {
        var video = TestVideos.Write(_folder, "clip.mp4", frames: 10, size: 32);
        var missing = Path.Combine(_folder, "none.pth");
        var plain = CliRunner.Run("classify", video, "--checkpoint", missing);
        Assert.Equal(1, plain.ExitCode);
        Assert.Equal($"videomae: {missing}: no such checkpoint file.", plain.Stderr.Trim());
        var verbose = CliRunner.Run("--verbose", "classify", video, "--checkpoint", missing);
        Assert.Equal(1, verbose.ExitCode);
        Assert.StartsWith($"videomae: {missing}: no such checkpoint file.", verbose.Stderr);
        Assert.Contains("FileNotFoundException", verbose.Stderr);
        Assert.Contains("   at ", verbose.Stderr);
    }

    [Fact]
    public void A_legacy_pth_exits_1_saying_how_to_resave_it()
    {
        var video = TestVideos.Write(_folder, "clip.mp4", frames: 10, size: 32);
        var legacy = Path.Combine(_folder, "legacy.pth");
        File.WriteAllBytes(legacy, CheckpointFormatTests.LegacyPth());
        AssertOneLine(CliRunner.Run("classify", video, "--checkpoint", legacy), legacy, "torch.save(torch.load(f), f2)");
    }

    // The tiny classifier with one tensor replaced.
    private string ClassifierWith(string name, string key, Func<Tensor, Tensor> change)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>(Safetensors.Load(ReferenceFixtures.PathOf("tiny_p8.classifier.safetensors")));
        tensors[key] = change(tensors[key].clone());
        return StateDictPth.Write(Path.Combine(_folder, name), tensors);
    }

    [Fact]
    public void Classify_refuses_NaN_weights_naming_the_tensor_and_prints_no_probabilities()
    {
        var video = TestVideos.Write(_folder, "clip.mp4", frames: 10, size: 32);
        var path = ClassifierWith("nan.pth", "head.weight", t => t.index_put_(tensor(float.NaN), tensor(0L)));
        var run = CliRunner.Run("classify", video, "--checkpoint", path, "--model", "tiny");
        AssertOneLine(run, path, "head.weight holds 64 of its 448 values NaN or infinite");
        Assert.DoesNotContain("NaN", run.Stdout);
    }

    [Fact]
    public void Classify_prints_no_NaN_when_finite_weights_overflow()
    {
        // 3e38 is finite, but a sum of 64 such products is not: the logits overflow and softmax makes NaN of them.
        var video = TestVideos.Write(_folder, "clip.mp4", frames: 10, size: 32);
        var path = ClassifierWith("overflow.pth", "head.weight", t => t.fill_(3e38f));
        var run = CliRunner.Run("classify", video, "--checkpoint", path, "--model", "tiny", "--views", "8x1x1", "--json");
        AssertOneLine(run, path, "are not finite");
        Assert.DoesNotContain("NaN", run.Stdout);
    }
}
