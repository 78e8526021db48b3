using VideoMae.Config;
using VideoMae.Data.Augmentation;
using VideoMae.Data.Datasets;
using VideoMae.Data.Frames;
using VideoMae.Data.Loading;
using VideoMae.Data.Preparation;
using VideoMae.Data.Sampling;
using VideoMae.Data.Synthetic;
using VideoMae.Data.Video;
using VideoMae.Evaluation;
using VideoMae.Masking;
using VideoMae.Runtime;
using VideoMae.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VideoMae.Tests.Data.Frames;

/// <summary>
/// The done-when test of frame folders: one synthetic set, as lossless videos and as the JPEG frame folders
/// <c>prepare</c> makes of them, gives the same clips for the same seed — the same videos, frame indices, crops and
/// masks, so pixels that differ only by JPEG error — in pre-training, in TSN fine-tuning and in its 2-clip test views.
/// </summary>
public sealed class FrameVideoParityTests : IDisposable
{
    /// <summary>
    /// The default quality 95 (4:4:4) on the striped synthetic frames, whose panning stripes put an edge every few
    /// pixels: JPEG alone costs a mean 3.1 grey levels and at most 20 per frame at 40² (measured), and the loader's clips
    /// after crop and resize differ by a mean of 0.006–0.0076 and at most 0.05–0.09 of the [0, 1] range. The maximum tells
    /// a wrong frame from JPEG error: neighbouring synthetic frames differ by a mean of only 1.6 grey levels but by up to
    /// 151 (0.59) where the object moves, far past the 0.25 allowed here.
    /// </summary>
    private const double MeanTolerance = 0.012, MaxTolerance = 0.25;

    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-parity-").FullName;
    private readonly ITestOutputHelper _output;
    private static readonly VitConfig Model = Presets.Tiny.Encoder;   // 8 frames of 32×32

    public FrameVideoParityTests(ITestOutputHelper output)
    {
        _output = output;
        TorchRuntime.EnsureLoaded();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (string Videos, string Frames) Prepare()
    {
        var videos = Path.Combine(_folder, "videos");
        var frames = Path.Combine(_folder, "frames");
        SyntheticDataset.Write(videos, SyntheticKind.Motion, 4, new SynthSettings(Frames: 20, Size: 40, Seed: 5), valFraction: 0.25);
        foreach (var list in new[] { "unlabeled.txt", "train.txt", "val.txt" })
        {
            var report = DataPreparation.Prepare(Path.Combine(videos, list), frames, new PrepareSettings(Workers: 2));
            Assert.Empty(report.Failures);
        }
        return (videos, frames);
    }

    private (double Mean, double Max) Compare(ClipLoader fromVideos, ClipLoader fromFrames, string what)
    {
        var (sum, count, max) = (0.0, 0L, 0.0);
        foreach (var (v, f) in fromVideos.Epoch(1).Zip(fromFrames.Epoch(1)))
        {
            using (v)
            using (f)
            {
                Assert.Equal(v.Videos, f.Videos);
                Assert.Equal(v.Labels.data<long>().ToArray(), f.Labels.data<long>().ToArray());
                if (v.Split is { } split)
                    Assert.Equal(split.Visible.data<long>().ToArray(), f.Split!.Visible.data<long>().ToArray());
                using var diff = (v.Video - f.Video).abs();
                sum += diff.sum().item<float>();
                count += diff.numel();
                max = Math.Max(max, diff.max().item<float>());
            }
        }
        Assert.True(count > 0);
        var mean = sum / count;
        _output.WriteLine($"{what}: mean |video − frames| {mean:0.00000}, max {max:0.0000}");
        return (mean, max);
    }

    private static void AssertWithinJpegError((double Mean, double Max) error, string what)
    {
        Assert.True(error.Mean < MeanTolerance, $"{what}: mean abs error {error.Mean} ≥ {MeanTolerance}");
        Assert.True(error.Max < MaxTolerance, $"{what}: max abs error {error.Max} ≥ {MaxTolerance}");
    }

    [Fact]
    public void Videos_and_their_frame_folders_give_the_same_clips_for_the_same_seed()
    {
        var (videos, frames) = Prepare();
        var options = new LoaderOptions { BatchSize = 2, Workers = 2, Seed = 11, CacheMegabytes = 0 };

        // Pre-training: dense windows at stride 2, multi-scale crops, masks, two clips per video.
        var pretraining = ClipRecipe.Pretraining(Model, DualMasking.V2, repeatedSamples: 2);
        var pretrainError = Compare(
            new ClipLoader(new VideoDataset([new VideoSource(Path.Combine(videos, "unlabeled.txt"), 2)]), pretraining, options),
            new ClipLoader(new VideoDataset([new VideoSource(Path.Combine(frames, "unlabeled.txt"), 2)]), pretraining, options), "pre-training");
        AssertWithinJpegError(pretrainError, "pre-training");

        // Fine-tuning, Something-Something style: TSN segments and random-resized crops, labels from the lists.
        var finetuning = ClipRecipe.FineTuning(Model, TemporalSampling.Segments, SpatialAugmentation.RandomResizedCrop);
        var trainVideos = LabelledSets.Train([new VideoSource(Path.Combine(videos, "train.txt"))]);
        var trainFrames = LabelledSets.Train([new VideoSource(Path.Combine(frames, "train.txt"))]);
        Assert.Equal(trainVideos.Labels!.Classes, trainFrames.Labels!.Classes);
        Assert.All(trainFrames.Items, i => Assert.NotNull(i.Frames));
        var finetuneError = Compare(new ClipLoader(trainVideos, finetuning, options), new ClipLoader(trainFrames, finetuning, options), "fine-tuning");
        AssertWithinJpegError(finetuneError, "fine-tuning");

        // Its test views, 16×2×3 in the reference (here 8×2×3): two interleaved segment clips, three crops each.
        var spec = new ViewSpec(Frames: Model.Frames, Clips: 2, Crops: 3, Sampling: TemporalSampling.Segments, ShortSide: Model.ImageSize);
        var valVideos = LabelledSets.Validation(Path.Combine(videos, "val.txt"), trainVideos);
        var valFrames = LabelledSets.Validation(new VideoSource(Path.Combine(frames, "val.txt")), trainFrames);
        foreach (var (video, folder) in valVideos.Items.Zip(valFrames.Items))
        {
            Assert.Equal(video.Label, folder.Label);
            var info = VideoProbe.Probe(video.Path);
            Assert.Equal(info.FrameCount, folder.Frames!.FrameCount);
            var clips = MultiViewInference.ClipIndices(info.FrameCount, spec);
            var needed = clips.SelectMany(c => c).Distinct().Order().ToArray();
            var positions = clips.Select(c => c.Select(i => Array.IndexOf(needed, i)).ToArray()).ToArray();
            using var fromVideo = MultiViewInference.Views(VideoDecoder.Decode(video.Path, needed, info), positions, spec, Model.ImageSize);
            using var fromFrames = MultiViewInference.Views(FrameFolderReader.Read(folder.Frames, needed), positions, spec, Model.ImageSize);
            // Views are ImageNet-normalised (÷ std ≤ 0.229): × 0.229 bounds the difference in [0, 1] units.
            using var diff = (fromVideo - fromFrames).abs();
            var error = (diff.mean().item<float>() * 0.229, diff.max().item<float>() * 0.229);
            _output.WriteLine($"test views of {Path.GetFileName(video.Path)}: mean {error.Item1:0.00000}, max {error.Item2:0.0000}");
            AssertWithinJpegError(error, $"test views of {video.Path}");
        }
    }
}
