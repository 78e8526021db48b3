namespace VideoMae.Config;

/// <summary>
/// The token grid of a clip after tubelet embedding: <see cref="T"/> temporal slices of <see cref="H"/>×<see cref="W"/>
/// tokens. Token index = t·H·W + h·W + w (t-major raster), the order of the Conv3d output flattened, which masks,
/// targets and position tables all share.
/// </summary>
/// <param name="T">Temporal token slices (frames / tubelet).</param>
/// <param name="H">Token rows (image height / patch).</param>
/// <param name="W">Token columns (image width / patch).</param>
public readonly record struct TokenGrid(int T, int H, int W)
{
    /// <summary>Tokens in one temporal slice, H·W.</summary>
    public int PerSlice => H * W;

    /// <summary>Tokens per clip, T·H·W.</summary>
    public int Count => T * H * W;

    /// <summary>The token index of slice <paramref name="t"/>, row <paramref name="h"/>, column <paramref name="w"/>.</summary>
    public int Index(int t, int h, int w) => (t * H + h) * W + w;

    /// <inheritdoc/>
    public override string ToString() => $"{T}×{H}×{W}";
}
