using VideoMae.Config;

namespace VideoMae.Masking;

/// <summary>
/// Tube masking (SPEC §2.1): every temporal slice hides the same floor(ratio·H·W) spatial positions, so a hidden
/// position is a tube through time. ViT-B at 0.9: 176 of 196 hidden per slice → 160 visible of 1568.
/// </summary>
public static class TubeMasking
{
    /// <summary>Hidden tokens per temporal slice: floor(ratio·H·W), as the reference's int().</summary>
    public static int HiddenPerSlice(TokenGrid grid, double ratio) => (int)Math.Floor(ratio * grid.PerSlice + 1e-9);

    /// <summary>One tube mask.</summary>
    /// <returns>bool[grid.Count] in token order; true = hidden from the encoder.</returns>
    public static bool[] Sample(TokenGrid grid, double ratio, Random rng)
    {
        MaskChecks.EncoderRatio(ratio, grid);
        var slice = RandomMasking.ExactCount(grid.PerSlice, HiddenPerSlice(grid, ratio), rng);
        var mask = new bool[grid.Count];
        for (var t = 0; t < grid.T; t++)
            slice.CopyTo(mask, t * grid.PerSlice);
        return mask;
    }
}
