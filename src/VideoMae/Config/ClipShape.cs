using static TorchSharp.torch;

namespace VideoMae.Config;

/// <summary>The one check of a clip batch against a configuration, so every entry point rejects a wrong shape the same way.</summary>
public static class ClipShape
{
    /// <summary>Throws <see cref="ArgumentException"/> with both shapes unless <paramref name="video"/> is [B, C, T, H, W] as configured.</summary>
    /// <returns>The batch size B.</returns>
    public static long Check(Tensor video, VitConfig config)
    {
        var c = config;
        if (video.dim() != 5 || video.shape[1] != c.InChannels || video.shape[2] != c.Frames || video.shape[3] != c.ImageSize || video.shape[4] != c.ImageSize)
            throw new ArgumentException(
                $"video has shape [{string.Join(", ", video.shape)}]; expected [B, {c.InChannels}, {c.Frames}, {c.ImageSize}, {c.ImageSize}] (B, C, T, H, W).", nameof(video));
        return video.shape[0];
    }
}
