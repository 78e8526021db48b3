using VideoMae.Config;

namespace VideoMae.Masking;

/// <summary>
/// Random masking over all tokens of a clip. Exactly floor(ratio·N) tokens are hidden in every sample, because the
/// batched gathers of the model need equal counts per sample.
/// </summary>
public static class RandomMasking
{
    /// <summary>Hidden tokens per clip: floor(ratio·N).</summary>
    public static int HiddenCount(TokenGrid grid, double ratio) => (int)Math.Floor(ratio * grid.Count + 1e-9);

    /// <summary>A random encoder mask (V1's random-masking ablation).</summary>
    /// <returns>bool[grid.Count]; true = hidden from the encoder.</returns>
    public static bool[] SampleEncoder(TokenGrid grid, double ratio, Random rng)
    {
        MaskChecks.EncoderRatio(ratio, grid);
        return ExactCount(grid.Count, HiddenCount(grid, ratio), rng);
    }

    /// <summary>A random decoder mask (paper Table 1 "random").</summary>
    /// <returns>bool[grid.Count]; true = not reconstructed.</returns>
    public static bool[] SampleDecoder(TokenGrid grid, double ratio, Random rng)
    {
        MaskChecks.DecoderRatio(ratio);
        return ExactCount(grid.Count, HiddenCount(grid, ratio), rng);
    }

    /// <summary>A uniformly random boolean vector of <paramref name="length"/> with exactly <paramref name="trueCount"/> true entries.</summary>
    internal static bool[] ExactCount(int length, int trueCount, Random rng)
    {
        var mask = new bool[length];
        Array.Fill(mask, true, 0, trueCount);
        rng.Shuffle(mask);
        return mask;
    }
}
