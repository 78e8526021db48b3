using VideoMae.Config;

namespace VideoMae.Masking;

/// <summary>
/// VideoMAE V2's running-cell decoder masking (SPEC §2.2). A 2×2 cell holds k = int(4·ratio) dropped positions; its
/// pattern, read in row-major cell order (TL, TR, BL, BR) from a circular queue [1]*k + [0]*(4−k), shifts by one
/// position per temporal slice. Offset s and slice t read the queue from pointer s + t + 1. The cell is tiled over the
/// slice, so every spatial position is reconstructed in exactly (1−ratio)·T of the T slices.
/// </summary>
public static class RunningCellMasking
{
    /// <summary>The ratios the 2×2 cell can express.</summary>
    public static readonly IReadOnlyList<double> Ratios = [0.25, 0.5, 0.75];

    /// <summary>The number of start offsets: one per position of the 2×2 cell.</summary>
    public const int Offsets = 4;

    /// <summary>Dropped positions per 2×2 cell, int(4·ratio).</summary>
    public static int DroppedPerCell(double ratio) => (int)Math.Floor(4 * ratio + 1e-9);

    /// <summary>The mask volume for one start offset.</summary>
    /// <returns>bool[grid.Count]; true = not reconstructed.</returns>
    public static bool[] Volume(TokenGrid grid, double ratio, int offset)
    {
        Check(grid, ratio);
        if (offset is < 0 or >= Offsets)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"offset = {offset}; expected 0..{Offsets - 1}.");
        var k = DroppedPerCell(ratio);
        var mask = new bool[grid.Count];
        for (var t = 0; t < grid.T; t++)
        {
            var pointer = offset + t + 1;
            for (var h = 0; h < grid.H; h++)
                for (var w = 0; w < grid.W; w++)
                {
                    var cellPosition = (h % 2) * 2 + (w % 2);
                    // Queue entry q is dropped when q < k: the queue starts with k ones.
                    mask[grid.Index(t, h, w)] = (cellPosition + pointer) % 4 < k;
                }
        }
        return mask;
    }

    /// <summary>All <see cref="Offsets"/> volumes, as the reference precomputes them.</summary>
    public static bool[][] AllVolumes(TokenGrid grid, double ratio) =>
        Enumerable.Range(0, Offsets).Select(s => Volume(grid, ratio, s)).ToArray();

    /// <summary>The volume of a uniformly random start offset, as each training sample draws one.</summary>
    public static bool[] Sample(TokenGrid grid, double ratio, Random rng) => Volume(grid, ratio, rng.Next(Offsets));

    private static void Check(TokenGrid grid, double ratio)
    {
        if (!Ratios.Any(r => Math.Abs(r - ratio) < 1e-9))
            throw new ArgumentException($"running-cell ratio = {ratio}; expected one of {string.Join(", ", Ratios)} (a 2×2 cell drops 1, 2 or 3 positions).", nameof(ratio));
        if (grid.H % 2 != 0 || grid.W % 2 != 0)
            throw new ArgumentException($"running-cell masking tiles 2×2 cells, but the token grid is {grid.H}×{grid.W} per slice; expected an even number of token rows and columns.", nameof(grid));
    }
}
