using static TorchSharp.torch;

namespace VideoMae.Targets;

/// <summary>The ImageNet channel statistics clips are normalised with (SPEC §1.5); defined once for data and targets.</summary>
public static class ImageNetNorm
{
    /// <summary>Per-channel mean of RGB in [0, 1].</summary>
    public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];

    /// <summary>Per-channel standard deviation of RGB in [0, 1].</summary>
    public static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>[0,1] RGB → normalised, for [B, 3, T, H, W] clips.</summary>
    public static Tensor Normalize(Tensor video) => Affine(video, normalize: true);

    /// <summary>Normalised → [0,1] RGB, for [B, 3, T, H, W] clips.</summary>
    public static Tensor Denormalize(Tensor video) => Affine(video, normalize: false);

    private static Tensor Affine(Tensor video, bool normalize)
    {
        if (video.dim() != 5 || video.shape[1] != 3)
            throw new ArgumentException($"video has shape [{string.Join(", ", video.shape)}]; expected [B, 3, T, H, W].", nameof(video));
        using var scope = NewDisposeScope();
        var mean = tensor(Mean, [1, 3, 1, 1, 1], video.dtype, video.device);
        var std = tensor(Std, [1, 3, 1, 1, 1], video.dtype, video.device);
        var result = normalize ? (video - mean) / std : video * std + mean;
        return result.MoveToOuterDisposeScope();
    }
}
