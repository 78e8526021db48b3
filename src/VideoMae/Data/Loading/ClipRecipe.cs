using VideoMae.Config;
using VideoMae.Data.Augmentation;
using VideoMae.Data.Sampling;
using VideoMae.Data.Video;
using VideoMae.Masking;
using VideoMae.Targets;
using static TorchSharp.torch;

namespace VideoMae.Data.Loading;

/// <summary>
/// How one training sample is made from a video: frames, output size, temporal and spatial augmentation, masks and
/// repeated augmentation (<see cref="RepeatedSamples"/> clips per decoded video from the same frames, each with its
/// own RandAugment draw, crop, masks and erasing, SPEC §4.2). Per clip, in the reference's order: RandAugment on the
/// decoded frames, crop (and flip) to <see cref="Size"/>, random erasing.
/// </summary>
/// <param name="Frames">Frames per clip.</param>
/// <param name="Size">Output height and width.</param>
/// <param name="Temporal">Frame choice.</param>
/// <param name="Spatial">Crop choice.</param>
/// <param name="Masking">Dual masking to draw per clip; null for fine-tuning.</param>
/// <param name="Grid">The token grid masks are drawn on (the model's); required with <paramref name="Masking"/>.</param>
/// <param name="RepeatedSamples">Clips per decoded video.</param>
/// <param name="LossTokens">Which reconstructed positions the loss scores: the loss weights of the batch's token split.</param>
/// <param name="RandAugment">RandAugment of the decoded frames, or null for none (fine-tuning, SPEC §5.2).</param>
/// <param name="ErasingProbability">Probability of random erasing per clip (0: never).</param>
public sealed record ClipRecipe(int Frames, int Size, TemporalSampling Temporal, SpatialAugmentation Spatial,
    DualMasking? Masking = null, TokenGrid? Grid = null, int RepeatedSamples = 1, LossTokens LossTokens = LossTokens.EncoderHiddenOnly,
    RandAugment? RandAugment = null, double ErasingProbability = 0)
{
    /// <summary>The pre-training recipe for <paramref name="config"/>: dense frames, multi-scale crop, the given masks and loss tokens.</summary>
    public static ClipRecipe Pretraining(VitConfig config, DualMasking masking, int repeatedSamples = 1, LossTokens lossTokens = LossTokens.EncoderHiddenOnly) =>
        new(config.Frames, config.ImageSize, TemporalSampling.Dense, SpatialAugmentation.MultiScaleCrop, masking, config.Grid, repeatedSamples, lossTokens);

    /// <summary>
    /// A fine-tuning recipe for <paramref name="config"/>: no masks, the reference's random-resized crop with flip unless
    /// told otherwise, and the given RandAugment and erasing (none unless given).
    /// </summary>
    public static ClipRecipe FineTuning(VitConfig config, TemporalSampling temporal = TemporalSampling.DenseWindow,
        SpatialAugmentation spatial = SpatialAugmentation.RandomResizedCrop, int repeatedSamples = 1,
        RandAugment? randAugment = null, double erasingProbability = 0) =>
        new(config.Frames, config.ImageSize, temporal, spatial, null, null, repeatedSamples, RandAugment: randAugment, ErasingProbability: erasingProbability);

    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public ClipRecipe Validate()
    {
        Require.Positive(Frames, nameof(Frames));
        Require.Positive(Size, nameof(Size));
        Require.Positive(RepeatedSamples, nameof(RepeatedSamples));
        Require.InRange(ErasingProbability, 0, 1, nameof(ErasingProbability), maxInclusive: true);
        if (Masking is not null)
        {
            if (Grid is not { } grid)
                throw new ArgumentException("a recipe with masks needs the model's token grid (Grid).", nameof(Grid));
            Masking.Validate(grid);
        }
        return this;
    }

    internal int[] FrameIndices(int frameCount, int stride, Random rng) => Temporal switch
    {
        TemporalSampling.Dense => ClipSampling.Dense(frameCount, Frames, stride, rng),
        TemporalSampling.DenseWindow => ClipSampling.DenseWindow(frameCount, Frames, stride, rng),
        TemporalSampling.Segments => ClipSampling.Segments(frameCount, Frames, rng),
        _ => throw new ArgumentOutOfRangeException(nameof(Temporal), Temporal, null),
    };

    /// <summary>
    /// One training clip from decoded frames, written into <paramref name="target"/> (float32 [3, T, S, S]): RandAugment,
    /// crop, erasing, each drawn from <paramref name="rng"/> (nothing drawn for what the recipe leaves off, so a recipe
    /// without them draws exactly the crops and masks it drew before). Returns the clip's masks.
    /// </summary>
    internal MaskPair? Make(DecodedClip decoded, Random rng, Tensor target)
    {
        var frames = RandAugment?.Apply(decoded, rng) ?? decoded;
        var box = Crop(frames.Width, frames.Height, rng);
        var masks = Masking?.Sample(Grid!.Value, rng);
        ClipTensor.Write(frames, box, Size, target);
        if (ErasingProbability > 0)
            RandomErasing.Apply(target, ErasingProbability, rng);
        return masks;
    }

    internal CropBox Crop(int width, int height, Random rng) => Spatial switch
    {
        SpatialAugmentation.MultiScaleCrop => MultiScaleCrop.Sample(width, height, Size, rng),
        SpatialAugmentation.RandomResizedCrop => RandomResizedCrop.Sample(width, height, rng, flip: true),
        SpatialAugmentation.RandomResizedCropNoFlip => RandomResizedCrop.Sample(width, height, rng, flip: false),
        SpatialAugmentation.CentreCrop => TestCrops.Boxes(width, height, Math.Min(width, height), 1)[0],
        _ => throw new ArgumentOutOfRangeException(nameof(Spatial), Spatial, null),
    };
}
