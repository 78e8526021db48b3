using static TorchSharp.torch;

namespace VideoMae.Models;

/// <summary>
/// Selects tokens by index into a dense [B, K, D]. The indices come from a <see cref="Masking.TokenSplit"/>, which
/// checked them where it was made; here only the shapes are checked, which the host knows without the device.
/// </summary>
internal static class TokenSelection
{
    /// <summary>The tokens of <paramref name="x"/> [B, N, D] at <paramref name="ids"/> int64 [B, K], in the order of the ids.</summary>
    public static Tensor Gather(Tensor x, Tensor ids, string idsName)
    {
        if (ids.dtype != ScalarType.Int64 || ids.dim() != 2 || ids.shape[0] != x.shape[0])
            throw new ArgumentException(
                $"{idsName} is {ids.dtype} [{string.Join(", ", ids.shape)}]; expected Int64 [{x.shape[0]}, K] token indices (batch, kept tokens).", idsName);
        return x.gather(1, ids.unsqueeze(-1).expand(-1, -1, x.shape[2]));   // [B, K, D]
    }
}
