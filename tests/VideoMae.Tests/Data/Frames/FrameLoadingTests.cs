using VideoMae.Config;
using VideoMae.Data.Datasets;
using VideoMae.Data.Frames;
using VideoMae.Data.Loading;
using VideoMae.Masking;
using VideoMae.Runtime;

namespace VideoMae.Tests.Data.Frames;

public sealed class FrameLoadingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-frame-loader-").FullName;
    private static readonly VitConfig Model = Presets.Tiny.Encoder;   // 8 frames of 32×32

    public FrameLoadingTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ClipRecipe Recipe => ClipRecipe.Pretraining(Model, DualMasking.V2, repeatedSamples: 2);

    private string List(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Frame_folders_and_videos_mix_in_one_pretraining_set()
    {
        TestVideos.Write(_folder, "v0.mp4", frames: 24);
        TestVideos.Write(_folder, "v1.mp4", frames: 24);
        TestFrames.Write(_folder, "f0", frames: 24, size: 32);
        TestFrames.Write(_folder, "ava", frames: 40, size: 32, template: "image_{:06}.jpg", start: 1);
        var videos = List("videos.txt", "v0.mp4 0 -1", "v1.mp4 0 -1");
        var ssv2 = List("ssv2.txt", "f0 1 24");
        var ava = List("ava.txt", "ava 1 20", "ava 21 20");   // two windows of one folder
        var set = new VideoDataset([new VideoSource(videos), new VideoSource(ssv2, Stride: 2), new VideoSource(ava, Stride: 2) { FrameTemplate = "image_{:06}.jpg" }]);
        Assert.Equal([false, false, true, true, true], set.Items.Select(i => i.Frames is not null));
        var loader = new ClipLoader(set, Recipe, new LoaderOptions { BatchSize = 5, Workers = 2, Seed = 3, DropLast = false });
        var batch = Assert.Single(loader.Epoch(0).ToList());
        using (batch)
        {
            Assert.Equal(new long[] { 10, 3, 8, 32, 32 }, batch.Video.shape);
            Assert.Equal([0, 1, 2, 3, 4], batch.Videos.Distinct().Order());
        }
        Assert.Equal(0, loader.Stats.Failures);
    }

    [Fact]
    public void A_bad_frame_folder_costs_one_sample_is_logged_once_counted_and_named_in_the_epoch_report()
    {
        for (var i = 0; i < 6; i++)
            TestFrames.Write(_folder, $"ok{i}", frames: 16, size: 32);
        TestFrames.Write(_folder, "short", frames: 4, size: 32);
        var cut = TestFrames.Write(_folder, "cut", frames: 16, size: 32);
        foreach (var file in Directory.GetFiles(cut))
            File.WriteAllText(file, "not a jpeg");
        var list = List("frames.txt", [.. Enumerable.Range(0, 6).Select(i => $"ok{i} 1 16"), "missing 1 16", "short 1 16", "cut 1 16"]);
        var log = new List<string>();
        var loader = new ClipLoader(new VideoDataset([new VideoSource(list, Stride: 2)]), Recipe,
            new LoaderOptions { BatchSize = 9, Workers = 2, DropLast = false, MaxFailureFraction = 0.5, Log = m => { lock (log) log.Add(m); } });
        for (var epoch = 0; epoch < 2; epoch++)
            foreach (var b in loader.Epoch(epoch))
            {
                Assert.Equal(18, b.Count);   // every failed sample was replaced
                b.Dispose();
            }
        // 'short' holds frames 1-4 of 16: a stride-2 clip of 8 frames always needs a later one.
        Assert.Equal(3, loader.Stats.FailedPaths.Count);
        Assert.Equal(3, log.Count);   // once per folder, over both epochs
        Assert.Contains(log, m => m.Contains("missing") && m.Contains("no such frame folder"));
        Assert.Contains(log, m => m.Contains("short") && m.Contains("is missing"));
        Assert.Contains(log, m => m.Contains("cut") && m.Contains("not an image"));
        var report = loader.Stats.FailureReport();
        Assert.NotNull(report);
        Assert.Contains("failed to decode and were replaced (3 distinct)", report);
        Assert.Contains(Path.Combine(_folder, "short") + " [img_00001.jpg…img_00016.jpg]", report);
        Assert.Null(loader.Stats.FailureReport());   // nothing new since
    }

    [Fact]
    public void Too_many_bad_frame_folders_stop_the_run_naming_one()
    {
        TestFrames.Write(_folder, "ok0", frames: 16, size: 32);
        TestFrames.Write(_folder, "ok1", frames: 16, size: 32);
        var list = List("frames.txt", ["ok0 1 16", "ok1 1 16", .. Enumerable.Range(0, 10).Select(i => $"gone{i} 1 16")]);
        var loader = new ClipLoader(new VideoDataset([new VideoSource(list)]), Recipe, new LoaderOptions { BatchSize = 4, MaxFailureFraction = 0.1, Log = _ => { } });
        var e = Assert.Throws<DataLoadException>(() => loader.Epoch(0).ToList().ForEach(b => b.Dispose()));
        Assert.Contains("failed to decode", e.Message);
        Assert.Contains("no such frame folder", e.Message);
    }
}
