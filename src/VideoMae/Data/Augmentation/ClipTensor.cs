using System.Runtime.InteropServices;
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
        Require.Positive(size, nameof(size));
        var result = empty([3, clip.Frames.Length, size, size], ScalarType.Float32);
        try
        {
            Write(clip, box, size, result);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <see cref="Make"/> into <paramref name="target"/>, a contiguous float32 CPU tensor [3, T, S, S] (a slot of a batch
    /// tensor, so the loader's workers fill the batch in place and nothing is stacked).
    /// </summary>
    public static void Write(DecodedClip clip, CropBox box, int size, Tensor target)
    {
        box.Within(clip.Width, clip.Height);
        Require.Positive(size, nameof(size));
        var t = clip.Frames.Length;
        foreach (var (frame, i) in clip.Frames.Select((f, i) => (f, i)))
            if (frame.Length != clip.Width * clip.Height * 3)
                throw new ArgumentException($"frame {i} holds {frame.Length} bytes; expected {clip.Width}×{clip.Height}×3 = {clip.Width * clip.Height * 3}.", nameof(clip));
        if (target.dtype != ScalarType.Float32 || target.device_type != DeviceType.CPU || !target.is_contiguous() || !target.shape.SequenceEqual([3L, t, size, size]))
            throw new ArgumentException($"the target is {target.dtype} [{string.Join(", ", target.shape)}] on {target.device_type}; expected a contiguous Float32 [3, {t}, {size}, {size}] on the CPU.", nameof(target));
        // The crop is read in place and each frame resized straight into its slot of the output [3, T, S, S].
        var resize = new BilinearResize(
            BilinearAxis.Create(box.Width, size, box.X, mirror: box.Flip),
            BilinearAxis.Create(box.Height, size, box.Y));
        var plane = size * size;
        // The tensor's own CPU memory: written in place, no managed array to copy from.
        var output = MemoryMarshal.Cast<byte, float>(target.bytes);
        for (var i = 0; i < t; i++)
            // Channel c of frame i starts at (c·T + i)·S²; channels lie T·S² apart.
            resize.Resize(clip.Frames[i], clip.Width * 3, output[(i * plane)..], t * plane);
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
