using static TorchSharp.torch;

namespace VideoMae.Models;

/// <summary>
/// Selects tokens by a boolean mask, keeping raster order, into a dense [B, K, D]. The batched layout needs every
/// sample to select the same K; the reference assumes it silently, here it is checked.
/// </summary>
internal static class TokenSelection
{
    /// <summary>The tokens of <paramref name="x"/> [B, N, D] where <paramref name="selected"/> [B, N] is true.</summary>
    public static Tensor Gather(Tensor x, Tensor selected, string maskName)
    {
        var k = SelectedPerSample(selected, x.shape[0], x.shape[1], maskName);
        return x[selected].reshape(x.shape[0], k, x.shape[2]);
    }

    /// <summary>The common per-sample count of true entries, or an ArgumentException naming the mask.</summary>
    public static long SelectedPerSample(Tensor selected, long batch, long tokens, string maskName)
    {
        if (selected.dtype != ScalarType.Bool || selected.dim() != 2 || selected.shape[0] != batch || selected.shape[1] != tokens)
            throw new ArgumentException(
                $"{maskName} is {selected.dtype} [{string.Join(", ", selected.shape)}]; expected Bool [{batch}, {tokens}] (batch, tokens).", maskName);
        using var counts = selected.sum(1, type: ScalarType.Int64).cpu();
        var perSample = counts.data<long>().ToArray();
        if (perSample.Distinct().Count() != 1)
            throw new ArgumentException(
                $"{maskName} selects different token counts per sample ({string.Join(", ", perSample)}); expected the same count in every sample.", maskName);
        return perSample[0];
    }
}
