using VideoMae.Config;

namespace VideoMae.Masking;

/// <summary>Ratio checks shared by the mask generators; each names the value and the accepted range.</summary>
internal static class MaskChecks
{
    public static void EncoderRatio(double ratio, TokenGrid grid)
    {
        Require.InRange(ratio, 0, 1, "encoder mask ratio");
        if (TubeMasking.HiddenPerSlice(grid, ratio) >= grid.PerSlice)
            throw new ArgumentException($"encoder mask ratio = {ratio} hides every token of a {grid.H}×{grid.W} slice; expected a ratio that leaves at least one visible.", nameof(ratio));
    }

    public static void DecoderRatio(double ratio) => Require.InRange(ratio, 0, 1, "decoder mask ratio");
}
