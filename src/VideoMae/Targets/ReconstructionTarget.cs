using TorchSharp;
using VideoMae.Config;
using static TorchSharp.torch;

namespace VideoMae.Targets;

/// <summary>
/// The pixel target of VideoMAE (SPEC §1.6; engine_for_pretraining.py): un-normalise to [0,1], cut into tubelets,
/// normalise each tubelet per channel as (v − mean) / (sqrt(unbiased var) + 1e-6) — epsilon outside the square
/// root, unlike MAE — and flatten each token to index ((frame·p + row)·p + col)·C + channel.
/// </summary>
public static class ReconstructionTarget
{
    /// <summary>Added to the standard deviation, outside the square root, as the reference does.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>The target of every token of an ImageNet-normalised clip, computed without gradient in float32.</summary>
    /// <param name="video">[B, C, T, H, W], ImageNet-normalised.</param>
    /// <param name="config">The encoder configuration that fixes tubelet and patch.</param>
    /// <param name="normalize">false gives the raw [0,1] pixels in the same layout (the reference's un-normalised option).</param>
    /// <returns>[B, N, t·p·p·C] float32.</returns>
    public static Tensor Build(Tensor video, VitConfig config, bool normalize = true)
    {
        using var scope = NewDisposeScope();
        return FromPixels(ImageNetNorm.Denormalize(video.to(ScalarType.Float32)), config, normalize).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The target of every token of a clip in [0, 1] pixels, as the loader hands clips over: training builds it here
    /// rather than undoing the model input's normalisation.
    /// </summary>
    /// <param name="pixels">[B, C, T, H, W], RGB in [0, 1].</param>
    /// <param name="config">The encoder configuration that fixes tubelet and patch.</param>
    /// <param name="normalize">false gives the raw [0,1] pixels in the token layout.</param>
    /// <returns>[B, N, t·p·p·C] float32.</returns>
    public static Tensor FromPixels(Tensor pixels, VitConfig config, bool normalize = true)
    {
        ClipShape.Check(pixels, config);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var tubelets = Tubelets.Split(pixels.to(ScalarType.Float32), config);   // [B, N, t·p·p, C]
        if (normalize)
        {
            var mean = tubelets.mean([2], keepdim: true);
            var std = tubelets.var(2, unbiased: true, keepdim: true).sqrt();
            tubelets = (tubelets - mean) / std.Add(Epsilon);
        }
        return tubelets.flatten(2).MoveToOuterDisposeScope();
    }
}
