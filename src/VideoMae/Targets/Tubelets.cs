using VideoMae.Config;
using static TorchSharp.torch;

namespace VideoMae.Targets;

/// <summary>
/// Cuts clips into tubelets and back, in the layout of the reconstruction target (SPEC §1.6):
/// b c (t p0) (h p1) (w p2) → b (t h w) (p0 p1 p2) c. Token order is the Conv3d's (t-major raster); inside a tubelet
/// the order is (frame, row, column) with the channel last — not the Conv3d weight layout (C, t, p, p).
/// </summary>
public static class Tubelets
{
    /// <summary>[B, C, T, H, W] → [B, N, t·p·p, C].</summary>
    public static Tensor Split(Tensor video, VitConfig config)
    {
        var c = config;
        var b = ClipShape.Check(video, c);
        // [B, C, T', t, H', p, W', p] -> [B, T', H', W', t, p, p, C]
        return video.reshape(b, c.InChannels, c.Grid.T, c.Tubelet, c.Grid.H, c.Patch, c.Grid.W, c.Patch)
            .permute(0, 2, 4, 6, 3, 5, 7, 1)
            .reshape(b, c.Grid.Count, c.Tubelet * c.Patch * c.Patch, c.InChannels);
    }

    /// <summary>[B, N, t·p·p·C] (the flattened target layout) → [B, C, T, H, W]; the inverse of <see cref="Split"/> flattened.</summary>
    public static Tensor Merge(Tensor tokens, VitConfig config)
    {
        var c = config;
        if (tokens.dim() != 3 || tokens.shape[1] != c.Grid.Count || tokens.shape[2] != c.TubeletValues)
            throw new ArgumentException($"tokens have shape [{string.Join(", ", tokens.shape)}]; expected [B, {c.Grid.Count}, {c.TubeletValues}].", nameof(tokens));
        var b = tokens.shape[0];
        // [B, T', H', W', t, p, p, C] -> [B, C, T', t, H', p, W', p]
        return tokens.reshape(b, c.Grid.T, c.Grid.H, c.Grid.W, c.Tubelet, c.Patch, c.Patch, c.InChannels)
            .permute(0, 7, 1, 4, 2, 5, 3, 6)
            .reshape(b, c.InChannels, c.Frames, c.ImageSize, c.ImageSize);
    }
}
