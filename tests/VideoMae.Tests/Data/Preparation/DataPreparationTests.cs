using VideoMae.Data.Datasets;
using VideoMae.Data.Frames;
using VideoMae.Data.Preparation;
using VideoMae.Data.Video;
using VideoMae.Tests.Data.Frames;
using VideoMae.Training;

namespace VideoMae.Tests.Data.Preparation;

public sealed class DataPreparationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-prepare-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Videos => Path.Combine(_folder, "videos");
    private string Out => Path.Combine(_folder, "out");

    private void WriteVideos()
    {
        Directory.CreateDirectory(Path.Combine(Videos, "sub"));
        TestVideos.Write(Videos, "a.mp4", frames: 8);
        TestVideos.Write(Path.Combine(Videos, "sub"), "b.mp4", frames: 10);
        // Not square: 48×32, so the short side is the height.
        VideoWriter.Write(Path.Combine(Videos, "wide.mp4"), Enumerable.Range(0, 6).Select(_ => new byte[48 * 32 * 3]).ToArray(), 48, 32, 12);
    }

    [Fact]
    public void A_folder_of_videos_becomes_frame_folders_at_the_short_side_with_a_pretraining_list()
    {
        WriteVideos();
        var report = DataPreparation.Prepare(Videos, Out, new PrepareSettings(ShortSide: 16, Workers: 2));
        Assert.Equal((3, 0, 24L), (report.Written, report.Skipped, report.Frames));
        Assert.Empty(report.Failures);
        Assert.Equal([Path.Combine(Out, "unlabeled.txt")], report.Lists);
        Assert.Equal(["frames/a 1 8", "frames/sub/b 1 10", "frames/wide 1 6"], File.ReadAllLines(Path.Combine(Out, "unlabeled.txt")));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"img_{i:D5}.jpg"), Directory.GetFiles(Path.Combine(Out, "frames", "sub", "b")).Select(Path.GetFileName).Order());
        var wide = JpegCodec.Read(Path.Combine(Out, "frames", "wide", "img_00006.jpg"));
        Assert.Equal((24, 16), (wide.Width, wide.Height));
        // The list loads as a pre-training source and its folders read.
        var set = new VideoDataset([new VideoSource(Path.Combine(Out, "unlabeled.txt"))]);
        var clip = FrameFolderReader.Read(set.Items[1].Frames!, [0, 9]);
        Assert.Equal((16, 16), (clip.Width, clip.Height));
        var (r, g, b) = TestVideos.Colour(9);
        var mean = TestVideos.Mean(clip.Frames[1]);
        Assert.InRange(mean.R, r - 4, r + 4);   // H.264 (yuv420p) and JPEG both round the colour a little
        Assert.InRange(mean.G, g - 4, g + 4);
        Assert.InRange(mean.B, b - 4, b + 4);
    }

    [Fact]
    public void A_labelled_list_gives_fine_tuning_and_pretraining_lists_and_its_classes()
    {
        WriteVideos();
        File.WriteAllLines(Path.Combine(Videos, "classes.txt"), ["left", "right"]);
        File.WriteAllLines(Path.Combine(Videos, "train.txt"), ["a.mp4 1", "sub/b.mp4 0"]);
        var report = DataPreparation.Prepare(Path.Combine(Videos, "train.txt"), Out, new PrepareSettings());
        Assert.Equal([Path.Combine(Out, "train.txt"), Path.Combine(Out, "train_pretrain.txt")], report.Lists);
        Assert.Equal(["frames/a 8 1", "frames/sub/b 10 0"], File.ReadAllLines(Path.Combine(Out, "train.txt")));
        Assert.Equal(["frames/a 1 8", "frames/sub/b 1 10"], File.ReadAllLines(Path.Combine(Out, "train_pretrain.txt")));
        var set = LabelledSets.Train([new VideoSource(Path.Combine(Out, "train.txt"))]);
        Assert.Equal(["left", "right"], set.Labels!.Classes);
        Assert.Equal([(1, 8), (0, 10)], set.Items.Select(i => (i.Label, i.Frames!.FrameCount)));
        // Writing the frame list over the list it was made from is refused.
        var e = Assert.Throws<ArgumentException>(() => DataPreparation.Prepare(Path.Combine(Videos, "train.txt"), Videos, new PrepareSettings()));
        Assert.Contains("choose another output folder", e.Message);
    }

    [Fact]
    public void A_second_run_skips_complete_folders_and_redoes_half_written_or_damaged_ones()
    {
        WriteVideos();
        DataPreparation.Prepare(Videos, Out, new PrepareSettings());
        // A killed run leaves its half folder under the temporary name, never under the final one.
        Directory.Delete(Path.Combine(Out, "frames", "a"), recursive: true);
        Directory.CreateDirectory(Path.Combine(Out, "frames", ".a.partial"));
        File.WriteAllText(Path.Combine(Out, "frames", ".a.partial", "img_00001.jpg"), "half");
        // A damaged folder: a frame gone from the middle.
        File.Delete(Path.Combine(Out, "frames", "sub", "b", "img_00004.jpg"));
        var again = DataPreparation.Prepare(Videos, Out, new PrepareSettings());
        Assert.Equal((2, 1), (again.Written, again.Skipped));
        Assert.False(Directory.Exists(Path.Combine(Out, "frames", ".a.partial")));
        Assert.Equal(10, Directory.GetFiles(Path.Combine(Out, "frames", "sub", "b")).Length);
        var third = DataPreparation.Prepare(Videos, Out, new PrepareSettings());
        Assert.Equal((0, 3), (third.Written, third.Skipped));
        // Other settings in the same folder would mix two preparations.
        var other = Assert.Throws<ArgumentException>(() => DataPreparation.Prepare(Videos, Out, new PrepareSettings(Quality: 80)));
        Assert.Contains("prepared with other settings", other.Message);
    }

    [Fact]
    public void A_video_that_fails_is_reported_left_out_of_the_lists_and_the_others_go_on()
    {
        Directory.CreateDirectory(Videos);
        TestVideos.Write(Videos, "good.mp4", frames: 8);
        File.WriteAllText(Path.Combine(Videos, "text.mp4"), "not a video");
        File.WriteAllLines(Path.Combine(Videos, "all.txt"), ["good.mp4 0 -1", "text.mp4 0 -1", "gone.mp4 0 -1"]);
        var seen = new List<PrepareProgress>();
        var report = DataPreparation.Prepare(Path.Combine(Videos, "all.txt"), Out, new PrepareSettings(Workers: 1), seen.Add);
        Assert.Equal(1, report.Written);
        Assert.Equal([Path.Combine(Videos, "text.mp4"), Path.Combine(Videos, "gone.mp4")], report.Failures.Select(f => f.Key));
        Assert.Contains("not a readable video", report.Failures[0].Value);
        Assert.Contains("no such video file", report.Failures[1].Value);
        Assert.Equal(["frames/good 1 8"], File.ReadAllLines(Path.Combine(Out, "all.txt")));
        Assert.Equal([1, 2, 3], seen.Select(p => p.Done));
        Assert.Equal(2, seen.Count(p => p.Failure is not null));
        Assert.Empty(Directory.GetDirectories(Path.Combine(Out, "frames"), ".*"));
    }

    [Fact]
    public void The_video_format_re_encodes_at_the_short_side_with_a_keyframe_every_16_frames_and_keeps_every_frame()
    {
        Directory.CreateDirectory(Videos);
        TestVideos.Write(Videos, "long.mp4", frames: 40);
        VideoWriter.Write(Path.Combine(Videos, "wide.mp4"), Enumerable.Range(0, 6).Select(_ => new byte[48 * 32 * 3]).ToArray(), 48, 32, 12);
        File.WriteAllLines(Path.Combine(Videos, "train.txt"), ["long.mp4 3", "wide.mp4 1"]);
        var settings = new PrepareSettings(ShortSide: 16, Format: PrepareFormat.Video);
        var report = DataPreparation.Prepare(Path.Combine(Videos, "train.txt"), Out, settings);
        Assert.Equal((2, 46L), (report.Written, report.Frames));
        Assert.Equal(["videos/long.mp4 3", "videos/wide.mp4 1"], File.ReadAllLines(Path.Combine(Out, "train.txt")));
        Assert.Equal(["videos/long.mp4 0 -1", "videos/wide.mp4 0 -1"], File.ReadAllLines(Path.Combine(Out, "train_pretrain.txt")));
        Assert.Equal(new VideoInfo(6, 12, 24, 16), VideoProbe.Probe(Path.Combine(Out, "videos", "wide.mp4")));
        var decoded = VideoDecoder.Decode(Path.Combine(Out, "videos", "long.mp4"), [37]);
        var (r, g, b) = TestVideos.Colour(37);
        var mean = TestVideos.Mean(decoded.Frames[0]);
        Assert.InRange(mean.R, r - 6, r + 6);   // the same frame, through two lossy encodes
        Assert.InRange(mean.G, g - 6, g + 6);
        Assert.InRange(mean.B, b - 6, b + 6);
        Assert.Equal([0, 16, 32], KeyFrames(Path.Combine(Out, "videos", "long.mp4")));
        var again = DataPreparation.Prepare(Path.Combine(Videos, "train.txt"), Out, settings);
        Assert.Equal((0, 2), (again.Written, again.Skipped));
        Assert.Throws<ArgumentException>(() => DataPreparation.Prepare(Path.Combine(Videos, "train.txt"), Out, settings with { ShortSide = 15 }));
    }

    private static int[] KeyFrames(string video)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Ffmpeg.FfprobeExecutable) { RedirectStandardOutput = true };
        foreach (var a in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=key_frame", "-of", "csv=p=0", video })
            start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        // One line per frame, "1" for a keyframe; the first may carry a trailing comma.
        return lines.Select((l, i) => (l.Split(',')[0].Trim(), i)).Where(p => p.Item1 == "1").Select(p => p.i).ToArray();
    }

    [Theory]
    [InlineData(-1, 95, "short_side = -1")]
    [InlineData(0, 101, "quality = 101")]
    public void Bad_settings_are_named(int shortSide, int quality, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => DataPreparation.Prepare(_folder, Out, new PrepareSettings(shortSide, quality)));
        Assert.Contains(expected, e.Message);
    }
}
