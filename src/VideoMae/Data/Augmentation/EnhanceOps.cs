namespace VideoMae.Data.Augmentation;

/// <summary>
/// The RandAugment ops that blend a frame with a "degenerate" version of itself, with Pillow's <c>ImageEnhance</c>
/// semantics on an RGB image (what timm's RandAugment calls): out = d + factor·(v − d), computed in single precision
/// and truncated, clipped to [0, 255] when the factor extrapolates (factor 1: the frame; 0: the degenerate). The
/// degenerates are the frame's greyscale (colour), a flat grey at its mean luma (contrast), black (brightness) and
/// the frame under Pillow's 3×3 SMOOTH filter (sharpness). Frames are RGB24; every op returns a new frame.
/// </summary>
public static class EnhanceOps
{
    /// <summary>Saturation: blends with the greyscale frame (factor 0: grey, above 1: more saturated).</summary>
    public static byte[] Color(byte[] frame, double factor)
    {
        LookupOps.RequireRgb(frame);
        var grey = new byte[frame.Length];
        for (var i = 0; i < frame.Length; i += 3)
            grey[i] = grey[i + 1] = grey[i + 2] = Luma(frame, i);
        return Blend(grey, frame, factor);
    }

    /// <summary>Contrast: blends with a flat frame at the rounded mean luma (factor 0: flat grey).</summary>
    public static byte[] Contrast(byte[] frame, double factor)
    {
        LookupOps.RequireRgb(frame);
        var pixels = frame.Length / 3;
        var sum = 0.0;
        for (var i = 0; i < frame.Length; i += 3)
            sum += Luma(frame, i);
        var mean = (byte)(int)(pixels == 0 ? 0 : sum / pixels + 0.5);
        var flat = new byte[frame.Length];
        Array.Fill(flat, mean);
        return Blend(flat, frame, factor);
    }

    /// <summary>Brightness: blends with black (factor 0: black).</summary>
    public static byte[] Brightness(byte[] frame, double factor)
    {
        LookupOps.RequireRgb(frame);
        return Blend(new byte[frame.Length], frame, factor);
    }

    /// <summary>Sharpness: blends with the smoothed frame (factor 0: smoothed, above 1: sharpened).</summary>
    public static byte[] Sharpness(byte[] frame, int width, int height, double factor) => Blend(Smooth(frame, width, height), frame, factor);

    /// <summary>
    /// Pillow's SMOOTH filter: the 3×3 kernel [1 1 1; 1 5 1; 1 1 1]/13 per channel, summed in single precision from
    /// 0.5 and truncated (so rounded); the outermost rows and columns are copied unfiltered.
    /// </summary>
    public static byte[] Smooth(byte[] frame, int width, int height)
    {
        RequireSize(frame, width, height);
        var result = (byte[])frame.Clone();
        if (width < 3 || height < 3)
            return result;
        const float edge = 1f / 13f, centre = 5f / 13f;
        var row = width * 3;
        for (var y = 1; y < height - 1; y++)
            for (var x = 1; x < width - 1; x++)
                for (var c = 0; c < 3; c++)
                {
                    var i = y * row + x * 3 + c;
                    // Pillow's order: the row below, this row, the row above, each left to right.
                    var ss = 0.5f;
                    ss += frame[i + row - 3] * edge + frame[i + row] * edge + frame[i + row + 3] * edge;
                    ss += frame[i - 3] * edge + frame[i] * centre + frame[i + 3] * edge;
                    ss += frame[i - row - 3] * edge + frame[i - row] * edge + frame[i - row + 3] * edge;
                    result[i] = Clip(ss);
                }
        return result;
    }

    /// <summary>degenerate + factor·(frame − degenerate) per byte, single precision, truncated and clipped (Pillow's blend).</summary>
    public static byte[] Blend(byte[] degenerate, byte[] frame, double factor)
    {
        if (degenerate.Length != frame.Length)
            throw new ArgumentException($"the degenerate frame has {degenerate.Length} bytes and the frame {frame.Length}; expected equal sizes.", nameof(degenerate));
        var alpha = (float)factor;
        if (alpha == 0)
            return (byte[])degenerate.Clone();
        if (alpha == 1)
            return (byte[])frame.Clone();
        // Every (degenerate, value) pair once: 65 536 blends instead of one per byte, the same arithmetic.
        var table = new byte[256 * 256];
        for (var d = 0; d < 256; d++)
            for (var v = 0; v < 256; v++)
                table[(d << 8) | v] = Clip(d + alpha * (v - d));
        var result = new byte[frame.Length];
        for (var i = 0; i < frame.Length; i++)
            result[i] = table[(degenerate[i] << 8) | frame[i]];
        return result;
    }

    /// <summary>ITU-R 601 luma as Pillow converts RGB to L: (299·R + 587·G + 114·B)/1000 in 16-bit fixed point, rounded.</summary>
    internal static byte Luma(byte[] frame, int i) => (byte)((frame[i] * 19595 + frame[i + 1] * 38470 + frame[i + 2] * 7471 + 0x8000) >> 16);

    internal static void RequireSize(byte[] frame, int width, int height)
    {
        LookupOps.RequireRgb(frame);
        if (width < 1 || height < 1 || frame.Length != width * height * 3)
            throw new ArgumentException($"a frame of {frame.Length} bytes is not {width}×{height} RGB24; expected {Math.Max(width, 0) * Math.Max(height, 0) * 3} bytes.", nameof(frame));
    }

    private static byte Clip(float v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)v;
}
