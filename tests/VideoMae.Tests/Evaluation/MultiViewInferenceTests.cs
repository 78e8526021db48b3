using TorchSharp;
using VideoMae.Checkpoints;
using VideoMae.Config;
using VideoMae.Data.Augmentation;
using VideoMae.Data.Sampling;
using VideoMae.Data.Video;
using VideoMae.Evaluation;
using VideoMae.Runtime;
using VideoMae.Targets;
using VideoMae.Tests.Data;
using VideoMae.Tests.Fixtures;
using static TorchSharp.torch;

namespace VideoMae.Tests.Evaluation;

public sealed class MultiViewInferenceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-views-").FullName;
    private readonly DisposeScope _scope;

    public MultiViewInferenceTests()
    {
        TorchRuntime.EnsureLoaded();
        _scope = NewDisposeScope();
    }

    public void Dispose()
    {
        _scope.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static LoadedClassifier Tiny() =>
        CheckpointLoader.LoadClassifier(ReferenceFixtures.PathOf("tiny_p8.classifier.pth"), new ArchitectureHints { Preset = "tiny" });

    [Fact]
    public void ViewSpec_parses_the_model_zoo_notation()
    {
        Assert.Equal(new ViewSpec(16, 5, 3), ViewSpec.Parse("16x5x3"));
        Assert.Equal(new ViewSpec(16, 2, 3, TemporalSampling.Segments), ViewSpec.Parse("16×2×3", ViewSpec.SomethingSomething));
        Assert.Equal(15, ViewSpec.Parse("16x5x3").Views);
        foreach (var bad in new[] { "16x5", "16x0x3", "axbxc", "16x5x3x1", "" })
            Assert.Contains("FRAMESxCLIPSxCROPS", Assert.Throws<ArgumentException>(() => ViewSpec.Parse(bad)).Message);
    }

    [Fact]
    public void The_average_equals_the_mean_softmax_of_the_views_built_by_hand()
    {
        // 48×32 frames resized to short side 32 stay 48×32: the three 32×32 crops sit at x = 0, 8, 16.
        var frames = Enumerable.Range(0, 20).Select(k => Enumerable.Range(0, 48 * 32 * 3).Select(i => (byte)((i * 7 + k * 13) % 251)).ToArray()).ToArray();
        var video = new DecodedClip(frames, 48, 32);
        var spec = new ViewSpec(Frames: 8, Clips: 2, Crops: 3, Stride: 2, ShortSide: 32);
        using var loaded = Tiny();
        var model = loaded.Model;
        var probabilities = MultiViewInference.Predict(model, video, spec, batchSize: 4);

        var clips = ClipSampling.DenseTestViews(20, 8, 2, 2);
        Assert.Equal([0, 2, 4, 6, 8, 10, 12, 14], clips[0]);
        Assert.Equal([4, 6, 8, 10, 12, 14, 16, 18], clips[1]);
        var views = clips.SelectMany(c => new[] { 0, 8, 16 }.Select(x =>
            ClipTensor.Make(new DecodedClip(c.Select(i => frames[i]).ToArray(), 48, 32), new CropBox(x, 0, 32, 32), 32))).ToList();
        using var noGrad = no_grad();
        var expected = softmax(model.call(ImageNetNorm.Normalize(stack(views))), 1).mean([0]);
        TensorAssert.Close(expected, probabilities, "view-averaged probabilities");
        Assert.Equal(1.0, probabilities.sum().item<float>(), 5);
        Assert.Equal(ScalarType.Float32, probabilities.dtype);
        Assert.False(model.training);
    }

    [Fact]
    public void A_video_file_gives_the_same_probabilities_as_its_decoded_frames()
    {
        var path = TestVideos.Write(_folder, "clip.mp4", frames: 24, size: 40);
        using var loaded = Tiny();
        var spec = new ViewSpec(Frames: 8, Clips: 3, Crops: 3, Stride: 2, ShortSide: 32);
        var fromFile = MultiViewInference.Predict(loaded.Model, path, spec);
        var fromFrames = MultiViewInference.Predict(loaded.Model, VideoDecoder.DecodeAll(path), spec);
        TensorAssert.Close(fromFrames, fromFile, "file vs decoded frames");
        var segments = MultiViewInference.Predict(loaded.Model, path, spec with { Sampling = TemporalSampling.Segments, Clips = 2 });
        Assert.Equal(new long[] { 7 }, segments.shape);
    }

    [Fact]
    public void Views_that_do_not_fit_the_model_are_refused()
    {
        using var loaded = Tiny();
        var video = new DecodedClip([new byte[32 * 32 * 3]], 32, 32);
        Assert.Contains("expects 8", Assert.Throws<ArgumentException>(() => MultiViewInference.Predict(loaded.Model, video, ViewSpec.Kinetics)).Message);
        Assert.Contains("smaller than the model's 32-pixel input", Assert.Throws<ArgumentException>(() =>
            MultiViewInference.Predict(loaded.Model, video, new ViewSpec(Frames: 8, ShortSide: 16))).Message);
    }
}
