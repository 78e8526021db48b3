using VideoMae.Config;

namespace VideoMae.Masking;

/// <summary>
/// Frame decoder masking (paper Table 1 "frame"; not in the released code, SPEC §2.4): k = round(ratio·T) whole
/// temporal slices are dropped, evenly spaced with a random phase: slices floor((i + u)·T/k), i = 0..k−1,
/// u ~ U[0,1). At 50% of 8 slices that is every other slice, starting at 0 or 1.
/// </summary>
public static class FrameMasking
{
    /// <summary>Dropped temporal slices, round(ratio·T).</summary>
    public static int DroppedSlices(TokenGrid grid, double ratio) => (int)Math.Round(ratio * grid.T, MidpointRounding.AwayFromZero);

    /// <summary>A frame mask.</summary>
    /// <returns>bool[grid.Count]; true = not reconstructed.</returns>
    public static bool[] Sample(TokenGrid grid, double ratio, Random rng)
    {
        MaskChecks.DecoderRatio(ratio);
        var k = DroppedSlices(grid, ratio);
        if (k >= grid.T)
            throw new ArgumentException($"frame masking ratio = {ratio} drops all {grid.T} temporal slices; expected a ratio that keeps at least one.", nameof(ratio));
        var mask = new bool[grid.Count];
        var phase = rng.NextDouble();
        for (var i = 0; i < k; i++)
        {
            var t = (int)Math.Floor((i + phase) * grid.T / k);
            Array.Fill(mask, true, t * grid.PerSlice, grid.PerSlice);
        }
        return mask;
    }
}
