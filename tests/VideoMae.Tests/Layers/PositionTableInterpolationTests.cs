using VideoMae.Config;
using VideoMae.Layers;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Tests.Layers;

public sealed class PositionTableInterpolationTests
{
    public PositionTableInterpolationTests() => TorchRuntime.EnsureLoaded();

    // A table whose channel 0 holds the token's slice t, channel 1 its row h and channel 2 its column w.
    private static Tensor Coordinates(TokenGrid grid)
    {
        var values = new float[grid.Count * 3];
        for (var t = 0; t < grid.T; t++)
            for (var h = 0; h < grid.H; h++)
                for (var w = 0; w < grid.W; w++)
                {
                    var i = grid.Index(t, h, w) * 3;
                    (values[i], values[i + 1], values[i + 2]) = (t, h, w);
                }
        return tensor(values, [1, grid.Count, 3]);
    }

    [Fact]
    public void Equal_grids_give_an_identical_copy()
    {
        using var table = SinCosTable.Create(64, 16);
        using var same = PositionTableInterpolation.Resize(table, new TokenGrid(4, 4, 4), new TokenGrid(4, 4, 4));
        Assert.True(table.allclose(same, rtol: 0, atol: 0));
        Assert.NotEqual(table.Handle, same.Handle);
    }

    [Fact]
    public void Time_is_interpolated_linearly_with_half_pixel_centres()
    {
        // Two slices a, b resized to four: sources at −0.25 (clamped), 0.25, 0.75, 1.25 (clamped) → a, ¾a+¼b, ¼a+¾b, b.
        using var scope = NewDisposeScope();
        var resized = PositionTableInterpolation.Resize(Coordinates(new TokenGrid(2, 3, 3)), new TokenGrid(2, 3, 3), new TokenGrid(4, 3, 3));
        var t = resized[0, .., 0].data<float>().ToArray();
        Assert.Equal(new float[] { 0, 0.25f, 0.75f, 1 }, Enumerable.Range(0, 4).Select(k => t[k * 9 + 4]).ToArray());
        // Space is untouched: rows and columns keep their coordinates in every slice.
        Assert.True(resized[0, .., 1].allclose(tensor(Enumerable.Range(0, 36).Select(i => (float)(i % 9 / 3)).ToArray())));
        Assert.True(resized[0, .., 2].allclose(tensor(Enumerable.Range(0, 36).Select(i => (float)(i % 3)).ToArray())));
    }

    [Fact]
    public void Space_is_resized_per_slice_in_raster_order()
    {
        using var scope = NewDisposeScope();
        var (from, to) = (new TokenGrid(2, 4, 4), new TokenGrid(2, 8, 8));
        var resized = PositionTableInterpolation.Resize(Coordinates(from), from, to);
        Assert.Equal(new long[] { 1, 128, 3 }, resized.shape);
        // The slice channel stays constant within each slice: bicubic keeps constants.
        Assert.True(resized[0, ..64, 0].allclose(zeros(64), atol: 1e-6));
        Assert.True(resized[0, 64.., 0].allclose(ones(64), atol: 1e-6));
        // Doubling: row coordinates grow down the rows and are the same along a row; the centre of the grid maps to 1.5.
        var rows = resized[0, ..64, 1].reshape(8, 8);
        Assert.True(rows[.., 0].allclose(rows[.., 7]));
        Assert.True((rows[1.., 0] - rows[..^1, 0]).gt(0).all().item<bool>());
        Assert.Equal(3.0f, (rows[3, 0] + rows[4, 0]).item<float>(), 4);
    }

    [Fact]
    public void A_table_of_the_wrong_size_is_refused()
    {
        using var table = SinCosTable.Create(60, 8);
        var e = Assert.Throws<ArgumentException>(() => PositionTableInterpolation.Resize(table, new TokenGrid(4, 4, 4), new TokenGrid(2, 2, 2)));
        Assert.Contains("expected [1, 64, D]", e.Message);
    }
}
