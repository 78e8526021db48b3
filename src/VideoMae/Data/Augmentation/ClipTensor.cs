using TorchSharp;
using VideoMae.Data.Video;
using static TorchSharp.torch;

namespace VideoMae.Data.Augmentation;

/// <summary>Turns decoded RGB24 frames into a training clip: crop, bilinear resize, optional flip, [0,1] (the task normalises it on the device).</summary>
public static class ClipTensor
{
    /// <summary>
    /// One clip as float32 [3, T, <paramref name="size"/>, <paramref name="size"/>], RGB in [0, 1], on the CPU. It stays
    /// unnormalised so the pre-training target is built from the pixels themselves; the task applies ImageNet
    /// normalisation to the model's input on the training device.
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
        // [T, 3, S, S] -> [3, T, S, S]
        return frames.permute(1, 0, 2, 3).contiguous().MoveToOuterDisposeScope();
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
