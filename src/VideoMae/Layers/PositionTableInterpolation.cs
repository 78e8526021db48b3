using VideoMae.Config;
using static TorchSharp.torch;

namespace VideoMae.Layers;

/// <summary>
/// Resizes a position table to another token grid, as the reference does when it loads a checkpoint for another
/// input size or frame count (SPEC §5.2): each temporal slice is resized bicubically in space, then every spatial
/// position is interpolated linearly along time (both with align_corners = false, PyTorch's default). A token keeps the
/// code of the place it covers, which a fresh 1-D table over the new token count would not give it.
/// </summary>
public static class PositionTableInterpolation
{
    /// <summary>Resizes <paramref name="table"/> from grid <paramref name="from"/> to grid <paramref name="to"/>.</summary>
    /// <param name="table">[1, from.Count, D], tokens in t-major raster order.</param>
    /// <param name="from">The grid the table was built for.</param>
    /// <param name="to">The grid wanted.</param>
    /// <returns>[1, to.Count, D] in the table's dtype, a new tensor (a copy when the grids are equal).</returns>
    public static Tensor Resize(Tensor table, TokenGrid from, TokenGrid to)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.dim() != 3 || table.shape[0] != 1 || table.shape[1] != from.Count)
            throw new ArgumentException($"table has shape [{string.Join(", ", table.shape)}]; expected [1, {from.Count}, D] for the {from} grid.", nameof(table));
        Require.Positive(to.T, "to.T");
        Require.Positive(to.H, "to.H");
        Require.Positive(to.W, "to.W");
        if (from == to)
            return table.clone();
        using var scope = NewDisposeScope();
        var d = table.shape[2];
        // [1, T·H·W, D] -> [T, D, H, W]: one image of D channels per temporal slice
        var slices = table.reshape(from.T, from.H, from.W, d).permute(0, 3, 1, 2).to(ScalarType.Float32);
        if (from.H != to.H || from.W != to.W)
            slices = nn.functional.interpolate(slices, [to.H, to.W], mode: InterpolationMode.Bicubic, align_corners: false);
        // [T, D, H', W'] -> [H'·W', D, T]: one sequence per spatial position and channel
        var sequences = slices.permute(2, 3, 1, 0).reshape(to.H * to.W, d, from.T);
        if (from.T != to.T)
            sequences = nn.functional.interpolate(sequences, [to.T], mode: InterpolationMode.Linear, align_corners: false);
        // [H'·W', D, T'] -> [T', H', W', D] -> [1, T'·H'·W', D]
        var resized = sequences.reshape(to.H, to.W, d, to.T).permute(3, 0, 1, 2).reshape(1, to.Count, d);
        return resized.to(table.dtype).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The sin-cos table of grid <paramref name="trained"/> and width <paramref name="dim"/>, resized to <paramref name="wanted"/>.</summary>
    /// <returns>float32 [1, wanted.Count, dim].</returns>
    public static Tensor SinCos(TokenGrid trained, TokenGrid wanted, int dim)
    {
        using var scope = NewDisposeScope();
        return Resize(SinCosTable.Create(trained.Count, dim), trained, wanted).MoveToOuterDisposeScope();
    }
}
