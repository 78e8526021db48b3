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
        Check(ids, x.shape[0], idsName);
        // Rows of the flattened [B·N, D] by index_select: a row copy whose backward is an index_add, cheaper on the CPU
        // than gather with an index expanded over D.
        var (b, n, d) = (x.shape[0], x.shape[1], x.shape[2]);
        var rows = (ids + ScalarArithmetic.Range(b, ids.device).Mul(n).unsqueeze(1)).flatten();   // [B·K]
        return x.reshape(b * n, d).index_select(0, rows).reshape(b, ids.shape[1], d);                // [B, K, D]
    }

    /// <summary>The rows of a table every sample shares, <paramref name="table"/> [N, D], at <paramref name="ids"/> int64 [B, K].</summary>
    public static Tensor GatherShared(Tensor table, Tensor ids, string idsName)
    {
        Check(ids, ids.shape[0], idsName);
        return table.index_select(0, ids.flatten()).reshape(ids.shape[0], ids.shape[1], table.shape[1]);   // [B, K, D]
    }

    private static void Check(Tensor ids, long batch, string idsName)
    {
        if (ids.dtype != ScalarType.Int64 || ids.dim() != 2 || ids.shape[0] != batch)
            throw new ArgumentException(
                $"{idsName} is {ids.dtype} [{string.Join(", ", ids.shape)}]; expected Int64 [{batch}, K] token indices (batch, kept tokens).", idsName);
    }
}
