using static TorchSharp.torch;

namespace VideoMae.Layers;

/// <summary>
/// The fixed position table of VideoMAE (SPEC §1.3): a 1-D sinusoid over the flattened token index, not a 3-D one.
/// angle(pos, j) = pos / 10000^(2·floor(j/2)/D); even channels take sin, odd channels cos (interleaved).
/// </summary>
public static class SinCosTable
{
    /// <summary>The table for <paramref name="positions"/> tokens of width <paramref name="dim"/>.</summary>
    /// <returns>float32 [1, positions, dim] on <paramref name="device"/>.</returns>
    public static Tensor Create(int positions, int dim, Device? device = null)
    {
        Require.Positive(positions, nameof(positions));
        Require.Positive(dim, nameof(dim));
        // Computed in float64 and rounded once, as the reference builds it in numpy before casting to float32.
        var values = new float[positions * dim];
        for (var pos = 0; pos < positions; pos++)
            for (var j = 0; j < dim; j++)
            {
                var angle = pos / Math.Pow(10000, 2.0 * (j / 2) / dim);
                values[pos * dim + j] = (float)(j % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        return tensor(values, [1, positions, dim], ScalarType.Float32, device);
    }
}
