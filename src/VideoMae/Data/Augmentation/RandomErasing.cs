using VideoMae.Targets;
using static TorchSharp.torch;

namespace VideoMae.Data.Augmentation;

/// <summary>A rectangle to erase, the same on every frame of a clip.</summary>
/// <param name="Top">First row.</param>
/// <param name="Left">First column.</param>
/// <param name="Height">Rows (may be 0, as in timm: nothing is erased).</param>
/// <param name="Width">Columns (may be 0).</param>
public readonly record struct ErasingBox(int Top, int Left, int Height, int Width);

/// <summary>
/// Random erasing as the official fine-tuning applies it (SPEC §5.2; the reference's "cube" variant of timm's
/// RandomErasing with mode <c>pixel</c>, count 1): with probability p, one box of area fraction U(0.02, 1/3) and aspect
/// ratio (height/width) log-uniform in [0.3, 1/0.3], sides rounded (half to even, as Python's round), kept only when
/// strictly smaller than the frame, up to 100 tries (the reference's cube erasing; timm's per-image erasing tries 10);
/// the same box on every frame, filled with fresh N(0, 1) noise per frame, channel and pixel in the normalised space.
/// </summary>
/// <remarks>
/// The reference erases the normalised clip after crop and flip. Here the loader's clips stay in [0, 1] and the task
/// normalises them on the device, so the box is filled with mean + std·z per channel (<see cref="ImageNetNorm"/>): after
/// normalisation it holds exactly the reference's z. It runs in the loader's workers with the sample's own generator.
/// </remarks>
public static class RandomErasing
{
    /// <summary>Smallest erased fraction of the frame.</summary>
    public const double MinArea = 0.02;

    /// <summary>Largest erased fraction of the frame.</summary>
    public const double MaxArea = 1.0 / 3;

    /// <summary>Smallest aspect ratio (height / width); the largest is its inverse.</summary>
    public const double MinAspect = 0.3;

    /// <summary>Tries to fit a box before giving up on erasing this clip.</summary>
    public const int Attempts = 100;

    /// <summary>The box for a <paramref name="height"/>×<paramref name="width"/> clip, or null when it is not erased.</summary>
    public static ErasingBox? Sample(int height, int width, double probability, Random rng)
    {
        Require.Positive(height, nameof(height));
        Require.Positive(width, nameof(width));
        Require.InRange(probability, 0, 1, "random_erasing", maxInclusive: true);
        if (probability == 0 || rng.NextDouble() > probability)
            return null;
        var area = (double)height * width;
        var (logMin, logMax) = (Math.Log(MinAspect), Math.Log(1 / MinAspect));
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var target = (MinArea + rng.NextDouble() * (MaxArea - MinArea)) * area;
            var aspect = Math.Exp(logMin + rng.NextDouble() * (logMax - logMin));
            var h = (int)Math.Round(Math.Sqrt(target * aspect));
            var w = (int)Math.Round(Math.Sqrt(target / aspect));
            if (w < width && h < height)
                return new ErasingBox(rng.Next(height - h + 1), rng.Next(width - w + 1), h, w);
        }
        return null;
    }

    /// <summary>
    /// Fills <paramref name="box"/> of every frame of <paramref name="clip"/> (float32 [3, T, H, W] in [0, 1], changed in
    /// place) with ImageNet mean + std · N(0, 1), fresh per frame, channel and pixel.
    /// </summary>
    public static void Erase(Tensor clip, ErasingBox box, Random rng)
    {
        if (clip.dim() != 4 || clip.shape[0] != 3 || clip.dtype != ScalarType.Float32)
            throw new ArgumentException($"clip is {clip.dtype} [{string.Join(", ", clip.shape)}]; expected float32 [3, T, H, W].", nameof(clip));
        var (frames, height, width) = ((int)clip.shape[1], (int)clip.shape[2], (int)clip.shape[3]);
        if (box.Top < 0 || box.Left < 0 || box.Height < 0 || box.Width < 0 || box.Top + box.Height > height || box.Left + box.Width > width)
            throw new ArgumentException($"erasing box {box} does not fit a {width}×{height} clip.", nameof(box));
        if (box.Height == 0 || box.Width == 0)
            return;
        var perChannel = frames * box.Height * box.Width;
        var noise = new float[3 * perChannel];
        Gaussian.Fill(noise, rng);
        for (var c = 0; c < 3; c++)
        {
            var (mean, std) = (ImageNetNorm.Mean[c], ImageNetNorm.Std[c]);
            for (var i = c * perChannel; i < (c + 1) * perChannel; i++)
                noise[i] = mean + std * noise[i];
        }
        using var scope = NewDisposeScope();
        clip[.., .., box.Top..(box.Top + box.Height), box.Left..(box.Left + box.Width)]
            .copy_(tensor(noise, [3, frames, box.Height, box.Width]));
    }

    /// <summary>Draws and applies erasing to one clip (float32 [3, T, H, W], in place); whether it erased.</summary>
    public static bool Apply(Tensor clip, double probability, Random rng)
    {
        if (Sample((int)clip.shape[2], (int)clip.shape[3], probability, rng) is not { } box)
            return false;
        Erase(clip, box, rng);
        return true;
    }
}
