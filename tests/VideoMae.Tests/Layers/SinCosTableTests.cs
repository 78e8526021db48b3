using VideoMae.Layers;
using VideoMae.Runtime;

namespace VideoMae.Tests.Layers;

public class SinCosTableTests
{
    [Fact]
    public void Interleaves_sin_and_cos_over_the_flat_token_index()
    {
        TorchRuntime.EnsureLoaded();
        using var table = SinCosTable.Create(positions: 10, dim: 6);
        Assert.Equal(new long[] { 1, 10, 6 }, table.shape);
        var v = table.data<float>().ToArray();
        // pos 3: channel 0 sin(3), 1 cos(3), 2 sin(3/10000^(2/6)), 5 cos(3/10000^(4/6)).
        Assert.Equal(Math.Sin(3), v[3 * 6 + 0], 6);
        Assert.Equal(Math.Cos(3), v[3 * 6 + 1], 6);
        Assert.Equal(Math.Sin(3 / Math.Pow(10000, 2.0 / 6)), v[3 * 6 + 2], 6);
        Assert.Equal(Math.Cos(3 / Math.Pow(10000, 4.0 / 6)), v[3 * 6 + 5], 6);
    }
}
