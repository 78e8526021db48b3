namespace VideoMae.Data.Augmentation;

/// <summary>
/// The fine-tuning crop (SPEC §5.2): an area fraction in [0.08, 1] and an aspect ratio log-uniform in [3/4, 4/3]
/// (ten tries, then a centre crop), and a horizontal flip with probability 1/2 unless the data's classes depend on
/// direction (Something-Something: "move left" flipped is "move right").
/// </summary>
public static class RandomResizedCrop
{
    /// <summary>Draws the crop of a <paramref name="width"/>×<paramref name="height"/> frame.</summary>
    public static CropBox Sample(int width, int height, Random rng, bool flip = true, double minScale = 0.08, double maxScale = 1.0, double minRatio = 3.0 / 4, double maxRatio = 4.0 / 3)
    {
        Require.Positive(width, nameof(width));
        Require.Positive(height, nameof(height));
        Require.InRange(minScale, 0, maxScale, nameof(minScale));
        var doFlip = flip && rng.NextDouble() < 0.5;
        var area = (double)width * height;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = area * (minScale + rng.NextDouble() * (maxScale - minScale));
            var ratio = Math.Exp(Math.Log(minRatio) + rng.NextDouble() * (Math.Log(maxRatio) - Math.Log(minRatio)));
            var w = (int)Math.Round(Math.Sqrt(target * ratio));
            var h = (int)Math.Round(Math.Sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height)
                return new CropBox(rng.Next(width - w + 1), rng.Next(height - h + 1), w, h, doFlip);
        }
        // Fallback: the largest centred crop whose aspect lies in the range.
        var aspect = (double)width / height;
        var (cw, ch) = aspect < minRatio ? (width, (int)Math.Round(width / minRatio))
            : aspect > maxRatio ? ((int)Math.Round(height * maxRatio), height)
            : (width, height);
        return new CropBox((width - cw) / 2, (height - ch) / 2, cw, ch, doFlip);
    }
}
