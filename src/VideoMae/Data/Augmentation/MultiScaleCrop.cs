namespace VideoMae.Data.Augmentation;

/// <summary>
/// The pre-training crop (SPEC §4.2, the reference's GroupMultiScaleCrop with max_distort 1, fix_crop and
/// more_fix_crop): candidate sides int(min(W,H)·s) for s in {1, .875, .75, .66}, snapped to the output size when within
/// 3 px; a (width, height) pair whose scale indices differ by at most one; one of 13 fixed offsets (corners, centre,
/// edge centres, quarter points). No flip.
/// </summary>
public static class MultiScaleCrop
{
    /// <summary>The scales of the shorter side.</summary>
    public static readonly IReadOnlyList<double> Scales = [1, .875, .75, .66];

    /// <summary>Draws the crop for a <paramref name="width"/>×<paramref name="height"/> video resized later to <paramref name="outputSize"/>.</summary>
    public static CropBox Sample(int width, int height, int outputSize, Random rng)
    {
        Require.Positive(width, nameof(width));
        Require.Positive(height, nameof(height));
        Require.Positive(outputSize, nameof(outputSize));
        var baseSize = Math.Min(width, height);
        var sides = Scales.Select(s => (int)(baseSize * s)).Select(x => Math.Abs(x - outputSize) < 3 ? outputSize : x).ToArray();
        // Snapping to the output size can exceed a frame smaller than the output; the crop must stay inside the frame.
        var cropW = sides.Select(x => Math.Min(x, width)).ToArray();
        var cropH = sides.Select(x => Math.Min(x, height)).ToArray();
        var pairs = new List<(int W, int H)>();
        for (var i = 0; i < cropH.Length; i++)
            for (var j = 0; j < cropW.Length; j++)
                if (Math.Abs(i - j) <= 1)
                    pairs.Add((cropW[j], cropH[i]));
        var (w, h) = pairs[rng.Next(pairs.Count)];
        var offsets = FixedOffsets(width, height, w, h);
        var (x, y) = offsets[rng.Next(offsets.Count)];
        return new CropBox(x, y, w, h).Within(width, height);
    }

    /// <summary>The 13 fixed offsets for a crop of <paramref name="cropW"/>×<paramref name="cropH"/>, steps (W − w)/4 and (H − h)/4.</summary>
    public static IReadOnlyList<(int X, int Y)> FixedOffsets(int width, int height, int cropW, int cropH)
    {
        var ws = (width - cropW) / 4;
        var hs = (height - cropH) / 4;
        return
        [
            (0, 0), (4 * ws, 0), (0, 4 * hs), (4 * ws, 4 * hs), (2 * ws, 2 * hs),
            (0, 2 * hs), (4 * ws, 2 * hs), (2 * ws, 4 * hs), (2 * ws, 0),
            (ws, hs), (3 * ws, hs), (ws, 3 * hs), (3 * ws, 3 * hs),
        ];
    }
}
