using VideoMae.Config;
using VideoMae.Data.Augmentation;
using VideoMae.Data.Sampling;
using VideoMae.Masking;
using VideoMae.Targets;

namespace VideoMae.Data.Loading;

/// <summary>
/// How one training sample is made from a video: frames, output size, temporal and spatial augmentation, masks and
/// repeated augmentation (<see cref="RepeatedSamples"/> clips per decoded video from the same frames, each with its
/// own crop and masks, SPEC §4.2).
/// </summary>
/// <param name="Frames">Frames per clip.</param>
/// <param name="Size">Output height and width.</param>
/// <param name="Temporal">Frame choice.</param>
/// <param name="Spatial">Crop choice.</param>
/// <param name="Masking">Dual masking to draw per clip; null for fine-tuning.</param>
/// <param name="Grid">The token grid masks are drawn on (the model's); required with <paramref name="Masking"/>.</param>
/// <param name="RepeatedSamples">Clips per decoded video.</param>
/// <param name="LossTokens">Which reconstructed positions the loss scores: the loss weights of the batch's token split.</param>
public sealed record ClipRecipe(int Frames, int Size, TemporalSampling Temporal, SpatialAugmentation Spatial,
    DualMasking? Masking = null, TokenGrid? Grid = null, int RepeatedSamples = 1, LossTokens LossTokens = LossTokens.EncoderHiddenOnly)
{
    /// <summary>The pre-training recipe for <paramref name="config"/>: dense frames, multi-scale crop, the given masks and loss tokens.</summary>
    public static ClipRecipe Pretraining(VitConfig config, DualMasking masking, int repeatedSamples = 1, LossTokens lossTokens = LossTokens.EncoderHiddenOnly) =>
        new(config.Frames, config.ImageSize, TemporalSampling.Dense, SpatialAugmentation.MultiScaleCrop, masking, config.Grid, repeatedSamples, lossTokens);

    /// <summary>A fine-tuning recipe for <paramref name="config"/>: no masks, the reference's random-resized crop with flip unless told otherwise.</summary>
    public static ClipRecipe FineTuning(VitConfig config, TemporalSampling temporal = TemporalSampling.DenseWindow,
        SpatialAugmentation spatial = SpatialAugmentation.RandomResizedCrop, int repeatedSamples = 1) =>
        new(config.Frames, config.ImageSize, temporal, spatial, null, null, repeatedSamples);

    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public ClipRecipe Validate()
    {
        Require.Positive(Frames, nameof(Frames));
        Require.Positive(Size, nameof(Size));
        Require.Positive(RepeatedSamples, nameof(RepeatedSamples));
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

    internal CropBox Crop(int width, int height, Random rng) => Spatial switch
    {
        SpatialAugmentation.MultiScaleCrop => MultiScaleCrop.Sample(width, height, Size, rng),
        SpatialAugmentation.RandomResizedCrop => RandomResizedCrop.Sample(width, height, rng, flip: true),
        SpatialAugmentation.RandomResizedCropNoFlip => RandomResizedCrop.Sample(width, height, rng, flip: false),
        SpatialAugmentation.CentreCrop => TestCrops.Boxes(width, height, Math.Min(width, height), 1)[0],
        _ => throw new ArgumentOutOfRangeException(nameof(Spatial), Spatial, null),
    };
}
