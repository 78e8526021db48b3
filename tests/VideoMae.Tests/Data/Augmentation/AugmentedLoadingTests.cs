using VideoMae.Config;
using VideoMae.Data.Augmentation;
using VideoMae.Data.Datasets;
using VideoMae.Data.Loading;
using VideoMae.Data.Sampling;
using VideoMae.Runtime;
using VideoMae.Training.Settings;
using VideoMae.Training.Tasks;
using static TorchSharp.torch;

namespace VideoMae.Tests.Data.Augmentation;

/// <summary>RandAugment and erasing as the loader applies them: one draw per clip, the same on all its frames, reproducible.</summary>
public sealed class AugmentedLoadingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-augment-").FullName;
    private static readonly VitConfig Model = Presets.Tiny.Encoder;   // 8 frames of 32×32

    public AugmentedLoadingTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string List()
    {
        var lines = Enumerable.Range(0, 4).Select(i => $"{Path.GetFileName(TestVideos.Write(_folder, $"v{i}.mp4", frames: 24))} {i % 2}");
        var path = Path.Combine(_folder, "train.txt");
        File.WriteAllLines(path, lines);
        return path;
    }

    private float[][] Clips(ClipRecipe recipe, int workers = 2, int seed = 1)
    {
        var loader = new ClipLoader(VideoDataset.FromList(List(), stride: 2), recipe, new LoaderOptions { BatchSize = 4, Workers = workers, Seed = seed, Shuffle = false });
        using var batch = loader.Epoch(0).Single();
        return Enumerable.Range(0, batch.Count).Select(i => batch.Video[i].flatten().data<float>().ToArray()).ToArray();
    }

    // A centre crop draws nothing, so an augmented clip lines up with the plain one pixel for pixel.
    private static ClipRecipe Plain => ClipRecipe.FineTuning(Model, TemporalSampling.DenseWindow, SpatialAugmentation.CentreCrop, repeatedSamples: 2);

    [Fact]
    public void A_clip_is_inverted_on_every_frame_or_on_none()
    {
        var plain = Clips(Plain);
        var invert = new RandAugment(new RandAugmentPolicy(5, 1, 0, true), [RandAugmentOp.Invert]);
        var augmented = Clips(Plain with { RandAugment = invert });
        var inverted = 0;
        for (var i = 0; i < plain.Length; i++)
        {
            var same = plain[i].Zip(augmented[i]).All(p => Math.Abs(p.First - p.Second) < 1e-5);
            var flipped = plain[i].Zip(augmented[i]).All(p => Math.Abs(1 - p.First - p.Second) < 1e-5);
            Assert.True(same ^ flipped, $"clip {i} is neither the plain clip nor its inverse on every frame");
            inverted += flipped ? 1 : 0;
        }
        Assert.InRange(inverted, 1, plain.Length - 1);   // p = 1/2 each for 8 clips; seed 1 inverts some, not all
    }

    [Fact]
    public void An_erased_box_is_the_same_rectangle_on_every_frame()
    {
        var plain = Clips(Plain);
        var erased = Clips(Plain with { ErasingProbability = 1 });
        const int T = 8, S = 32;
        for (var i = 0; i < plain.Length; i++)
        {
            // [3, T, S, S]: where frame t differs from the plain clip in any channel.
            bool Differs(int t, int y, int x) => Enumerable.Range(0, 3).Any(c => plain[i][((c * T + t) * S + y) * S + x] != erased[i][((c * T + t) * S + y) * S + x]);
            var masks = Enumerable.Range(0, T).Select(t => Enumerable.Range(0, S * S).Select(p => Differs(t, p / S, p % S)).ToArray()).ToArray();
            Assert.All(masks, m => Assert.Equal(masks[0], m));
            var cells = Enumerable.Range(0, S * S).Where(p => masks[0][p]).ToList();
            Assert.NotEmpty(cells);
            var (rows, cols) = (cells.Select(p => p / S).ToList(), cells.Select(p => p % S).ToList());
            var box = (rows.Max() - rows.Min() + 1) * (cols.Max() - cols.Min() + 1);
            Assert.Equal(box, cells.Count);                                   // a filled rectangle
            Assert.InRange(box / (double)(S * S), 0.015, 0.36);
        }
    }

    [Fact]
    public void Augmented_batches_depend_on_the_seed_alone()
    {
        var recipe = ClipRecipe.FineTuning(Model, randAugment: new RandAugment(RandAugmentPolicy.Reference), erasingProbability: 0.5, repeatedSamples: 2);
        var one = Clips(recipe, workers: 1, seed: 3);
        Assert.Equal(one, Clips(recipe, workers: 2, seed: 3));
        Assert.NotEqual(one, Clips(recipe, workers: 1, seed: 4));
    }

    [Fact]
    public void Fine_tuning_settings_reach_the_recipe()
    {
        var list = List();
        var defaults = new FinetuneTask(new FinetuneSettings { Model = "tiny", Train = [new VideoSource(list)] }).Recipe;
        Assert.Equal(RandAugmentPolicy.Reference, defaults.RandAugment!.Policy);
        Assert.Equal(RandAugmentOps.All, defaults.RandAugment.Ops);
        Assert.Equal(0.25, defaults.ErasingProbability);
        var safe = new FinetuneTask(new FinetuneSettings { Model = "tiny", Train = [new VideoSource(list)], RandAugmentOps = RandAugmentOps.DirectionSafe }).Recipe;
        Assert.Equal(RandAugmentOps.DirectionSafe, safe.RandAugment!.Ops);
        var off = new FinetuneTask(new FinetuneSettings { Model = "tiny", Train = [new VideoSource(list)], RandAugment = RandAugmentPolicy.None, RandomErasing = 0 }).Recipe;
        Assert.Null(off.RandAugment);
        Assert.Equal(0, off.ErasingProbability);
    }
}
