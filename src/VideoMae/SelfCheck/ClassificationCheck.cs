using TorchSharp;
using VideoMae.Config;
using VideoMae.Data.Augmentation;
using VideoMae.Data.Sampling;
using VideoMae.Data.Synthetic;
using VideoMae.Data.Video;
using VideoMae.Evaluation;
using VideoMae.Models;
using VideoMae.Targets;
using static TorchSharp.torch;

namespace VideoMae.SelfCheck;

/// <summary>
/// The multi-view classification path (<see cref="MultiViewInference"/>): a seeded tiny classifier scores
/// <see cref="Spec"/>'s 2 temporal clips × 3 spatial crops of a synthetic 48×32 video, views batched across clip
/// boundaries; the result must have one probability per class, sum to 1, and equal the mean of the softmax of each
/// view run alone, views cut here by hand. The value is the largest difference of a class probability.
/// </summary>
public static class ClassificationCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "classification";

    /// <summary>8 frames per clip (the tiny model's), 2 clips of stride 2, 3 crops, short side 32 (the model's input).</summary>
    public static readonly ViewSpec Spec = new(Frames: 8, Clips: 2, Crops: 3, Sampling: TemporalSampling.Dense, Stride: 2, ShortSide: 32);

    private const int Classes = 7;
    private const int FrameCount = 20;
    private const int Width = 48;
    private const int Height = 32;

    /// <summary>
    /// The head's weights scaled by this at initialisation (fine-tuning uses 0.001): logits of several units make the
    /// views' probabilities differ by about 0.3 (measured), so a view lost or cut wrongly shows (one view dropped from
    /// the average moves it by 0.036).
    /// </summary>
    private const double HeadScale = 50;

    /// <summary>
    /// float32 on the CPU: 1e-5 on probabilities (measured here: 6e-8). A batch of views and a single view go through
    /// matrix products of other shapes, whose kernels may block the sums differently; the error stays at float32
    /// rounding (2^-24 ≈ 6e-8) times the sums' lengths.
    /// </summary>
    public const double CpuFloat32 = 1e-5;

    /// <summary>float32 on CUDA with TF32 off: 1e-4, as <see cref="ParityCheck.CudaFloat32"/> (cuBLAS picks kernels by shape).</summary>
    public const double CudaFloat32 = 1e-4;

    /// <summary>
    /// bfloat16: 0.01 on probabilities. On the CPU batched and single views round alike (measured: 4e-8), but CUDA's
    /// kernels for other shapes sum in other orders, so some activations round to the neighbouring bfloat16 value
    /// (2^-8 relative). The whole bfloat16 error bounds that: bfloat16 against float32 moves the averaged
    /// probabilities by 0.0027 (measured here), so 0.01 is a margin of 4×, and a dropped view (0.036) still fails.
    /// </summary>
    public const double BFloat16 = 0.01;

    /// <summary>The tolerance of <paramref name="context"/>'s device and precision.</summary>
    public static double Tolerance(CheckContext context) =>
        context.BFloat16 ? BFloat16 : context.OnCuda ? CudaFloat32 : CpuFloat32;

    /// <summary>Runs the check.</summary>
    public static CheckResult Run(CheckContext context)
    {
        using var scope = NewDisposeScope();
        using var tf32 = new Tf32Off(context.Device);
        manual_seed(context.Seed);
        using var model = new VideoClassifier(Presets.Tiny.Encoder, Classes, initScale: HeadScale);
        model.to(context.Device).to(context.Compute);
        var video = Video(context.Seed);

        var averaged = MultiViewInference.Predict(model, video, Spec, context.Device, batchSize: 4);   // [classes], float32 on the CPU
        if (!averaged.shape.SequenceEqual([Classes]))
            return CheckResult.Failed(Name, $"the averaged scores have shape [{string.Join(", ", averaged.shape)}]; expected [{Classes}].");

        // Averaged in float32 after a float32 softmax in either precision: the sum is 1 to float32 rounding.
        var total = averaged.to(ScalarType.Float64).sum().item<double>();
        if (!(Math.Abs(total - 1) <= 1e-5))
            return CheckResult.Failed(Name, $"the averaged probabilities sum to {total}; expected 1.");

        var single = SingleViews(model, video, context).to(ScalarType.Float64);   // [views, classes]
        var expected = single.mean([0]);
        var spread = (single.max(0).values - single.min(0).values).max().item<double>();
        var difference = Deviation.Scaled(expected, averaged, "averaged view scores");
        return CheckResult.Within(Name, difference, Tolerance(context),
            $"{Spec.Clips} clips × {Spec.Crops} crops, {Classes} classes: probabilities sum to {total:0.######}, views differ by up to {spread:0.###}");
    }

    /// <summary>
    /// A synthetic video of <see cref="FrameCount"/> frames, <see cref="Width"/>×<see cref="Height"/>: three vertical
    /// strips from three different synthetic videos, so the three crops (at x = 0, 8, 16) see different scenes.
    /// </summary>
    private static DecodedClip Video(int seed)
    {
        const int strip = Width / 3;
        var settings = new SynthSettings(Frames: FrameCount, Size: Height, Seed: seed);
        var sources = Enumerable.Range(0, 3).Select(i => SyntheticVideos.Render(SyntheticKind.Appearance, i * 5, settings).Frames).ToArray();
        var frames = Enumerable.Range(0, FrameCount).Select(t =>
        {
            var frame = new byte[Width * Height * 3];
            for (var y = 0; y < Height; y++)
                for (var s = 0; s < 3; s++)
                    Array.Copy(sources[s][t], (y * Height + s * strip / 2) * 3, frame, (y * Width + s * strip) * 3, strip * 3);
            return frame;
        }).ToArray();
        return new DecodedClip(frames, Width, Height);
    }

    /// <summary>Each view's softmax probabilities from a forward pass of that view alone: float32 [views, classes] on the CPU.</summary>
    private static Tensor SingleViews(VideoClassifier model, DecodedClip video, CheckContext context)
    {
        using var noGrad = no_grad();
        model.eval();
        var size = model.Config.ImageSize;
        var boxes = TestCrops.Boxes(video.Width, video.Height, size, Spec.Crops);
        var rows = new List<Tensor>();
        foreach (var clip in ClipSampling.DenseTestViews(video.Frames.Length, Spec.Frames, Spec.Stride, Spec.Clips))
        {
            var frames = video with { Frames = clip.Select(i => video.Frames[i]).ToArray() };
            foreach (var box in boxes)
            {
                var view = ImageNetNorm.Normalize(ClipTensor.Make(frames, box, size).unsqueeze(0));   // [1, 3, T, S, S]
                rows.Add(softmax(model.call(view.to(context.Compute, context.Device)).to(ScalarType.Float32), 1).cpu());
            }
        }
        return cat(rows, 0);
    }
}
