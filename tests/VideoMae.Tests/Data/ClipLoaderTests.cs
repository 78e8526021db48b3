using VideoMae.Config;
using VideoMae.Data.Datasets;
using VideoMae.Data.Loading;
using VideoMae.Data.Video;
using VideoMae.Masking;
using VideoMae.Runtime;

namespace VideoMae.Tests.Data;

public sealed class ClipLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-loader-").FullName;
    private static readonly VitConfig Model = Presets.Tiny.Encoder;   // 8 frames of 32×32 → 4×4×4 tokens

    public ClipLoaderTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string List(int good, params string[] bad)
    {
        var lines = Enumerable.Range(0, good).Select(i => $"{Path.GetFileName(TestVideos.Write(_folder, $"v{i}.mp4", frames: 24))} {i % 3}").Concat(bad.Select(b => $"{b} 0"));
        var path = Path.Combine(_folder, "train.txt");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static ClipRecipe Recipe => ClipRecipe.Pretraining(Model, DualMasking.V2, repeatedSamples: 2);

    [Fact]
    public void Batches_have_the_model_shapes_masks_and_labels_and_repeat_each_video()
    {
        var loader = new ClipLoader(VideoDataset.FromList(List(4), stride: 2), Recipe, new LoaderOptions { BatchSize = 2, Workers = 2, Seed = 1 });
        var batches = loader.Epoch(0).ToList();
        Assert.Equal(2, batches.Count);
        var counts = MaskCounts.Of(DualMasking.V2.Sample(Model.Grid, new Random(0)));
        foreach (var b in batches)
        {
            Assert.Equal(new long[] { 4, 3, 8, 32, 32 }, b.Video.shape);
            Assert.Equal(new long[] { 4, counts.EncoderVisible }, b.Split!.Visible.shape);
            Assert.Equal(new long[] { 4, counts.Reconstructed }, b.Split.Reconstructed.shape);
            Assert.Equal(4 * counts.LossTokens, b.Split.LossWeight.sum().item<float>());
            // Repeated augmentation: clips 2i and 2i+1 come from the same video, with independent masks.
            Assert.Equal(b.Videos[0], b.Videos[1]);
            Assert.Equal(b.Videos[0] % 3, b.Labels[0].item<long>());
            b.Dispose();
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_batches_whatever_the_worker_count()
    {
        var list = List(4);
        float[] Run(int workers, int seed)
        {
            var loader = new ClipLoader(VideoDataset.FromList(list, stride: 2), Recipe, new LoaderOptions { BatchSize = 2, Workers = workers, Seed = seed });
            return loader.Epoch(3).SelectMany(b => { using (b) return b.Video.flatten().data<float>().ToArray().Concat(b.Split!.Visible.to_type(TorchSharp.torch.ScalarType.Float32).flatten().data<float>().ToArray()).ToArray(); }).ToArray();
        }
        var one = Run(1, 7);
        Assert.Equal(one, Run(2, 7));
        Assert.NotEqual(one, Run(1, 8));
    }

    [Fact]
    public void Each_clip_lands_in_its_own_slot_of_the_batch()
    {
        // Workers write each video's repeated clips straight into the batch tensor: slot s·R + r. Two clips of one video
        // share its frames but not their crops, and a clip made alone from its video's frames equals its slot.
        var list = List(3);
        var options = new LoaderOptions { BatchSize = 3, Workers = 3, Seed = 5, Shuffle = false };
        var loader = new ClipLoader(VideoDataset.FromList(list, stride: 2), Recipe, options);
        using var batch = loader.Epoch(0).Single();
        Assert.Equal([0, 0, 1, 1, 2, 2], batch.Videos);
        for (var clip = 0; clip < 6; clip++)
        {
            using var slot = batch.Video[clip];
            Assert.InRange(slot.mean().item<float>(), 0.05f, 0.95f);   // written, not left as uninitialised memory
        }
        using var single = new ClipLoader(VideoDataset.FromList(list, stride: 2), Recipe, options with { Workers = 1 }).Epoch(0).Single();
        Assert.True(batch.Video.allclose(single.Video, rtol: 0, atol: 0));
    }

    [Fact]
    public void Worker_time_counts_the_batches_handed_over_not_those_made_ahead()
    {
        var loader = new ClipLoader(VideoDataset.FromList(List(8), stride: 2), Recipe, new LoaderOptions { BatchSize = 2, Workers = 2, Prefetch = 2 });
        var handed = new List<LoaderTime>();
        foreach (var b in loader.Epoch(0))
        {
            // By now the workers have made the batches behind this one too; only this one is counted.
            Thread.Sleep(500);
            handed.Add(b.Time);
            Assert.Equal(handed.Sum(t => t.Decode), loader.Timings.Now.Decode, 6);
            b.Dispose();
            if (handed.Count == 2)
                break;
        }
        Assert.All(handed, t => Assert.True(t.Decode > 0 && t.Augment > 0 && t.Assemble > 0, $"{t}"));
    }

    [Fact]
    public void Leaving_an_epoch_early_stops_its_workers_and_frees_every_tensor()
    {
        var loader = new ClipLoader(VideoDataset.FromList(List(8), stride: 2), Recipe, new LoaderOptions { BatchSize = 2, Workers = 2, Prefetch = 1 });
        loader.Epoch(0).Take(1).ToList().ForEach(b => b.Dispose());   // warms up what stays loaded (libraries, probes)
        // Earlier tests' unreachable tensors are finalized now, not while this one counts (that lowered the count by
        // 135 in one suite run); only this test's tensors can become garbage in the short span measured below.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var live = TorchSharp.torch.Tensor.TotalCount;
        foreach (var b in loader.Epoch(1))
        {
            // Time for the producer to fill the queue and block with the next batch made but not handed over: leaving
            // now must free that one too, and the samples decoding behind it.
            Thread.Sleep(1500);
            b.Dispose();
            break;
        }
        // The batches decoded ahead, queued or half-made, were all disposed when the epoch was left.
        Assert.Equal(live, TorchSharp.torch.Tensor.TotalCount);
    }

    [Theory]
    [InlineData(VideoBackend.InProcess)]
    [InlineData(VideoBackend.FfmpegProcess)]
    public void Bad_files_are_logged_once_replaced_and_counted(VideoBackend decoder)
    {
        File.WriteAllBytes(Path.Combine(_folder, "empty.mp4"), []);
        File.WriteAllText(Path.Combine(_folder, "text.mp4"), "not a video");
        var good = TestVideos.Write(_folder, "cut.mp4", frames: 24);
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(good, bytes[..(bytes.Length / 3)]);
        var log = new List<string>();
        var loader = new ClipLoader(VideoDataset.FromList(List(9, "missing.mp4", "empty.mp4", "text.mp4", "cut.mp4"), stride: 2), Recipe,
            new LoaderOptions { BatchSize = 13, Workers = 2, DropLast = false, MaxFailureFraction = 0.5, Decoder = decoder, Log = m => { lock (log) log.Add(m); } });
        Assert.Equal(decoder, loader.Decoder);
        foreach (var b in loader.Epoch(0))
        {
            Assert.Equal(26, b.Count);
            b.Dispose();
        }
        // The missing, empty and text files always fail; the cut file may still decode its first frames. Every failed
        // attempt counts (a substitute can be bad too); each path is logged once.
        Assert.InRange(loader.Stats.FailedPaths.Count, 3, 4);
        Assert.True(loader.Stats.Failures >= loader.Stats.FailedPaths.Count);
        Assert.Equal(loader.Stats.FailedPaths.Count, log.Count);
        Assert.Contains(log, m => m.Contains("missing.mp4"));
        Assert.Contains(log, m => m.Contains("empty.mp4"));
    }

    [Fact]
    public void A_run_where_too_many_videos_fail_stops_with_a_clear_error()
    {
        var bad = Enumerable.Range(0, 10).Select(i => { var p = $"bad{i}.mp4"; File.WriteAllText(Path.Combine(_folder, p), "x"); return p; }).ToArray();
        var loader = new ClipLoader(VideoDataset.FromList(List(2, bad), stride: 2), Recipe,
            new LoaderOptions { BatchSize = 4, Workers = 2, MaxFailureFraction = 0.1, Log = _ => { } });
        var e = Assert.Throws<DataLoadException>(() => loader.Epoch(0).ToList().ForEach(b => b.Dispose()));
        Assert.Contains("failed to decode", e.Message);
    }
}
