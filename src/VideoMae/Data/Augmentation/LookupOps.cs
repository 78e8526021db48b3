namespace VideoMae.Data.Augmentation;

/// <summary>
/// The RandAugment ops that map every channel value through a 256-entry table, with Pillow's <c>ImageOps</c>
/// semantics on an RGB image (what timm's RandAugment calls): invert, posterize, solarize, solarize-add, and the two
/// whose tables come from the frame's own per-channel histogram, auto-contrast and equalize. Frames are RGB24
/// (Height·Width·3 bytes, row-major); every op returns a new frame and leaves its input alone (the loader's cache
/// shares decoded frames between clips).
/// </summary>
public static class LookupOps
{
    /// <summary>255 − v.</summary>
    public static byte[] Invert(byte[] frame) => Map(frame, Table(v => 255 - v));

    /// <summary>Keeps the <paramref name="bits"/> most significant bits of each value (0 bits: black); 8 or more: unchanged.</summary>
    public static byte[] Posterize(byte[] frame, int bits)
    {
        if (bits < 0)
            throw new ArgumentException($"bits = {bits}; expected 0 to 8 bits to keep.", nameof(bits));
        if (bits >= 8)
            return (byte[])frame.Clone();
        var mask = ~((1 << (8 - bits)) - 1);
        return Map(frame, Table(v => v & mask));
    }

    /// <summary>Inverts the values at or above <paramref name="threshold"/> (256: none, 0: all).</summary>
    public static byte[] Solarize(byte[] frame, int threshold) => Map(frame, Table(v => v < threshold ? v : 255 - v));

    /// <summary>Adds <paramref name="add"/> (saturating at 255) to the values below <paramref name="threshold"/>.</summary>
    public static byte[] SolarizeAdd(byte[] frame, int add, int threshold = 128) => Map(frame, Table(v => v < threshold ? Math.Min(255, v + add) : v));

    /// <summary>
    /// Stretches each channel so its lowest value present becomes 0 and its highest 255 (Pillow's autocontrast without
    /// cutoff: v → int(v·255/(hi − lo) − lo·255/(hi − lo)) clipped to [0, 255]); a channel with one value is unchanged.
    /// </summary>
    public static byte[] AutoContrast(byte[] frame)
    {
        var histograms = Histograms(frame);
        var tables = new byte[3][];
        for (var c = 0; c < 3; c++)
        {
            var h = histograms[c];
            var lo = Array.FindIndex(h, n => n > 0);
            var hi = Array.FindLastIndex(h, n => n > 0);
            if (hi <= lo)
            {
                tables[c] = Table(v => v);
                continue;
            }
            var scale = 255.0 / (hi - lo);
            var offset = -lo * scale;
            tables[c] = Table(v => Math.Clamp((int)(v * scale + offset), 0, 255));
        }
        return Map(frame, tables);
    }

    /// <summary>
    /// Equalises each channel's histogram as Pillow does: step = (pixels − the count of the highest value present) // 255,
    /// and value i maps to (step // 2 + the count of values below i) // step, clipped to 255. A channel with one value, or
    /// whose step is 0, is unchanged.
    /// </summary>
    public static byte[] Equalize(byte[] frame)
    {
        var histograms = Histograms(frame);
        var tables = new byte[3][];
        for (var c = 0; c < 3; c++)
        {
            var h = histograms[c];
            var present = h.Where(n => n > 0).ToArray();
            var step = present.Length <= 1 ? 0 : (present.Sum(n => (long)n) - present[^1]) / 255;
            if (step == 0)
            {
                tables[c] = Table(v => v);
                continue;
            }
            var table = new byte[256];
            var n = step / 2;
            for (var i = 0; i < 256; i++)
            {
                table[i] = (byte)Math.Min(255, n / step);
                n += h[i];
            }
            tables[c] = table;
        }
        return Map(frame, tables);
    }

    /// <summary>The per-channel histograms (R, G, B) of an RGB24 frame.</summary>
    internal static int[][] Histograms(byte[] frame)
    {
        RequireRgb(frame);
        int[][] h = [new int[256], new int[256], new int[256]];
        for (var i = 0; i < frame.Length; i += 3)
        {
            h[0][frame[i]]++;
            h[1][frame[i + 1]]++;
            h[2][frame[i + 2]]++;
        }
        return h;
    }

    internal static void RequireRgb(byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Length % 3 != 0)
            throw new ArgumentException($"a frame of {frame.Length} bytes is not RGB24; expected 3 bytes per pixel.", nameof(frame));
    }

    private static byte[] Table(Func<int, int> f)
    {
        var table = new byte[256];
        for (var v = 0; v < 256; v++)
            table[v] = (byte)f(v);
        return table;
    }

    private static byte[] Map(byte[] frame, byte[] table) => Map(frame, [table, table, table]);

    private static byte[] Map(byte[] frame, byte[][] tables)
    {
        RequireRgb(frame);
        var (r, g, b) = (tables[0], tables[1], tables[2]);
        var result = new byte[frame.Length];
        for (var i = 0; i < frame.Length; i += 3)
        {
            result[i] = r[frame[i]];
            result[i + 1] = g[frame[i + 1]];
            result[i + 2] = b[frame[i + 2]];
        }
        return result;
    }
}
