using TorchSharp;
using VideoMae.Data.Augmentation;
using VideoMae.Data.Frames;
using VideoMae.Data.Sampling;
using VideoMae.Data.Video;
using VideoMae.Models;
using VideoMae.Targets;
using static TorchSharp.torch;

namespace VideoMae.Evaluation;

/// <summary>
/// The test-time protocol of SPEC §5.4: resize the shorter side (bilinear), take <see cref="ViewSpec.Crops"/> square
/// crops along the longer side (<see cref="TestCrops"/>) of each of <see cref="ViewSpec.Clips"/> temporal clips
/// (<see cref="ClipSampling.DenseTestViews"/> or <see cref="ClipSampling.SegmentTestViews"/>), run the classifier on
/// every view and average the per-view softmax probabilities. Runs under no_grad in eval mode (the model's mode is
/// restored afterwards), views batched, in the model's type: float32 as loaded (the reference evaluates under fp16
/// autocast), or bfloat16 for a model cast to it (<c>videomae check</c>); the probabilities are averaged in float32.
/// </summary>
public static class MultiViewInference
{
    private const int ConversionChunk = 16;

    /// <summary>Decodes the frames the views of <paramref name="videoPath"/> need and classifies them.</summary>
    /// <param name="model">The classifier; its <see cref="Config.VitConfig.Frames"/> must equal <see cref="ViewSpec.Frames"/>.</param>
    /// <param name="videoPath">A video ffmpeg can decode.</param>
    /// <param name="spec">The views.</param>
    /// <param name="device">Where the views are run: the model's device (the CPU when null).</param>
    /// <param name="batchSize">Views per forward pass; 0 = one clip's crops.</param>
    /// <returns>float32 [classes] on the CPU: the mean of the views' softmax probabilities.</returns>
    /// <exception cref="InvalidDataException">The video cannot be read.</exception>
    public static Tensor Predict(VideoClassifier model, string videoPath, ViewSpec spec, Device? device = null, int batchSize = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        var info = VideoProbe.Probe(videoPath);
        var clips = ClipIndices(info.FrameCount, spec, model);
        var (needed, position) = FramesUsed(clips);
        var decoded = VideoDecoder.Decode(videoPath, needed, info);
        return Run(model, decoded, clips.Select(c => c.Select(f => position[f]).ToArray()).ToArray(), spec, device, batchSize);
    }

    /// <summary>Decodes the frame files the views of <paramref name="frames"/> need and classifies them.</summary>
    /// <param name="model">The classifier; its <see cref="Config.VitConfig.Frames"/> must equal <see cref="ViewSpec.Frames"/>.</param>
    /// <param name="frames">A frame folder (Something-Something V2's rawframes, say).</param>
    /// <param name="spec">The views.</param>
    /// <param name="device">Where the views are run: the model's device (the CPU when null).</param>
    /// <param name="batchSize">Views per forward pass; 0 = one clip's crops.</param>
    /// <returns>float32 [classes] on the CPU: the mean of the views' softmax probabilities.</returns>
    /// <exception cref="InvalidDataException">A frame the views need cannot be read.</exception>
    public static Tensor Predict(VideoClassifier model, FrameFolder frames, ViewSpec spec, Device? device = null, int batchSize = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(frames);
        var clips = ClipIndices(frames.FrameCount, spec, model);
        var (needed, position) = FramesUsed(clips);
        var decoded = FrameFolderReader.Read(frames, needed);
        return Run(model, decoded, clips.Select(c => c.Select(f => position[f]).ToArray()).ToArray(), spec, device, batchSize);
    }

    /// <summary>Classifies a video already decoded whole: <paramref name="video"/> holds every frame, in order.</summary>
    /// <inheritdoc cref="Predict(VideoClassifier, string, ViewSpec, Device?, int)"/>
    public static Tensor Predict(VideoClassifier model, DecodedClip video, ViewSpec spec, Device? device = null, int batchSize = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(video);
        return Run(model, video, ClipIndices(video.Frames.Length, spec, model), spec, device, batchSize);
    }

    /// <summary>The frame indices of each temporal clip of a video of <paramref name="frameCount"/> frames.</summary>
    public static int[][] ClipIndices(int frameCount, ViewSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        return spec.Sampling == TemporalSampling.Dense
            ? ClipSampling.DenseTestViews(frameCount, spec.Frames, spec.Stride, spec.Clips)
            : ClipSampling.SegmentTestViews(frameCount, spec.Frames, spec.Clips);
    }

    /// <summary>
    /// The normalised views of one video: for each clip of <paramref name="clips"/> (positions into
    /// <paramref name="frames"/>), its crops in order. float32 [clips·crops, 3, T, S, S] on the CPU, S = <paramref name="size"/>.
    /// </summary>
    public static Tensor Views(DecodedClip frames, int[][] clips, ViewSpec spec, int size)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(clips);
        if (spec.ShortSide < size)
            throw new ArgumentException($"ShortSide = {spec.ShortSide} is smaller than the model's {size}-pixel input; expected a short side ≥ {size}.", nameof(spec));
        using var scope = NewDisposeScope();
        var (width, height) = TestCrops.ResizeShortSide(frames.Width, frames.Height, spec.ShortSide);
        var boxes = TestCrops.Boxes(width, height, size, spec.Crops);
        // Only the frames some clip uses are converted, each once, a few at a time: float copies of full-size frames are large.
        var (needed, position) = FramesUsed(clips);
        var resized = needed.Chunk(ConversionChunk).Select(chunk =>
        {
            // [f, H, W, 3] uint8 -> [f, 3, h, w] float in [0, 1]
            var pixels = ClipTensor.Rgb(frames with { Frames = chunk.Select(i => frames.Frames[i]).ToArray() })
                .permute(0, 3, 1, 2).to(ScalarType.Float32).DivInPlace(255);
            return width == frames.Width && height == frames.Height
                ? pixels
                : nn.functional.interpolate(pixels, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
        }).ToList();
        var pixels = cat(resized, 0);
        var views = new List<Tensor>(clips.Length * boxes.Length);
        foreach (var clip in clips)
        {
            // [T, 3, h, w] -> [3, T, h, w]
            var frameTensor = pixels.index_select(0, tensor(clip.Select(i => (long)position[i]).ToArray())).permute(1, 0, 2, 3);
            foreach (var box in boxes)
                views.Add(frameTensor[.., .., box.Y..(box.Y + box.Height), box.X..(box.X + box.Width)]);
        }
        // [V, 3, T, S, S]
        return ImageNetNorm.Normalize(stack(views)).contiguous().MoveToOuterDisposeScope();
    }

    // The distinct frames the clips use, in order, and each one's position among them.
    private static (int[] Needed, Dictionary<int, int> Position) FramesUsed(int[][] clips)
    {
        var needed = clips.SelectMany(c => c).Distinct().Order().ToArray();
        return (needed, needed.Select((frame, i) => (frame, i)).ToDictionary(p => p.frame, p => p.i));
    }

    private static int[][] ClipIndices(int frameCount, ViewSpec spec, VideoClassifier model)
    {
        if (spec.Frames != model.Config.Frames)
            throw new ArgumentException($"the views take {spec.Frames} frames per clip but the model expects {model.Config.Frames}; expected equal frame counts.", nameof(spec));
        return ClipIndices(frameCount, spec);
    }

    private static Tensor Run(VideoClassifier model, DecodedClip frames, int[][] clips, ViewSpec spec, Device? device, int batchSize)
    {
        if (batchSize < 0)
            throw new ArgumentException($"batchSize = {batchSize}; expected 0 (one clip's crops) or a positive number of views.", nameof(batchSize));
        var perBatch = batchSize == 0 ? spec.Crops : batchSize;
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var views = Views(frames, clips, spec, model.Config.ImageSize);
            var sum = zeros(model.Classes, ScalarType.Float32, device);
            var type = model.parameters().First().dtype;
            for (long start = 0; start < views.shape[0]; start += perBatch)
            {
                using var batchScope = NewDisposeScope();
                var batch = views.narrow(0, start, Math.Min(perBatch, views.shape[0] - start));
                var input = batch.to(type, device ?? batch.device);
                // [b, classes] -> summed probabilities [classes]
                sum.add_(softmax(model.call(input).to(ScalarType.Float32), 1).sum(dim: 0));
            }
            return sum.DivInPlace(views.shape[0]).cpu().MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
