using TorchSharp;
using VideoMae.Data.Video;
using VideoMae.Targets;
using static TorchSharp.torch;

namespace VideoMae.Data.Augmentation;

/// <summary>Turns decoded RGB24 frames into the model's input: crop, bilinear resize, optional flip, [0,1], ImageNet normalisation.</summary>
public static class ClipTensor
{
    /// <summary>
    /// One clip as float32 [3, T, <paramref name="size"/>, <paramref name="size"/>], ImageNet-normalised, on the CPU
    /// (the loader moves whole batches to the device).
    /// </summary>
    public static Tensor Make(DecodedClip clip, CropBox box, int size)
    {
        box.Within(clip.Width, clip.Height);
        Require.Positive(size, nameof(size));
        using var scope = NewDisposeScope();
        // [T, H, W, 3] uint8 -> [T, 3, h, w] float in [0, 1]
        var frames = Rgb(clip).permute(0, 3, 1, 2)
            [.., .., box.Y..(box.Y + box.Height), box.X..(box.X + box.Width)]
            .to(ScalarType.Float32).DivInPlace(255);
        if (box.Width != size || box.Height != size)
            frames = nn.functional.interpolate(frames, [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
        if (box.Flip)
            frames = frames.flip(3);
        // [T, 3, S, S] -> [1, 3, T, S, S] for the channel statistics, then [3, T, S, S]
        var video = ImageNetNorm.Normalize(frames.permute(1, 0, 2, 3).unsqueeze(0)).squeeze(0).contiguous();
        return video.MoveToOuterDisposeScope();
    }

    /// <summary>The frames of <paramref name="clip"/> as one uint8 tensor [T, H, W, 3] on the CPU.</summary>
    public static Tensor Rgb(DecodedClip clip)
    {
        var t = clip.Frames.Length;
        var bytes = new byte[t * clip.Height * clip.Width * 3];
        for (var i = 0; i < t; i++)
            Buffer.BlockCopy(clip.Frames[i], 0, bytes, i * clip.Frames[i].Length, clip.Frames[i].Length);
        return tensor(bytes, [t, clip.Height, clip.Width, 3]);
    }
}
