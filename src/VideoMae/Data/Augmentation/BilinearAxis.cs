namespace VideoMae.Data.Augmentation;

/// <summary>
/// One axis of a bilinear resize as torch computes it (<c>interpolate(mode: bilinear, align_corners: false)</c>, no
/// antialias): for each output position, the two source positions it reads and their weights. The source coordinate is
/// (i + ½)·in/out − ½ (the scale in float32), clamped to 0 below; the lower neighbour is its floor (at most the last position), the
/// upper one the next position (the same one at the last), and an axis whose size does not change copies. Positions
/// are absolute (<see cref="Create"/>'s offset added), so a crop needs no copy of its pixels.
/// </summary>
/// <param name="Low">The lower source position per output position.</param>
/// <param name="High">The upper source position per output position.</param>
/// <param name="LowWeight">The weight of <paramref name="Low"/>, 1 − <paramref name="HighWeight"/>.</param>
/// <param name="HighWeight">The weight of <paramref name="High"/>, in [0, 1].</param>
public sealed record BilinearAxis(int[] Low, int[] High, float[] LowWeight, float[] HighWeight)
{
    /// <summary>Output positions.</summary>
    public int Size => Low.Length;

    /// <summary>
    /// The table resizing the <paramref name="inputSize"/> positions from <paramref name="offset"/> on to
    /// <paramref name="outputSize"/>, read right to left when <paramref name="mirror"/> (a horizontal flip after the resize).
    /// </summary>
    public static BilinearAxis Create(int inputSize, int outputSize, int offset = 0, bool mirror = false)
    {
        Require.Positive(inputSize, nameof(inputSize));
        Require.Positive(outputSize, nameof(outputSize));
        if (offset < 0)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "expected a first source position ≥ 0.");
        var (low, high) = (new int[outputSize], new int[outputSize]);
        var (lowWeight, highWeight) = (new float[outputSize], new float[outputSize]);
        // As torch for a float tensor: the scale in float32, the coordinate in double, rounded to float32, then the weights.
        var scale = (float)inputSize / outputSize;
        for (var i = 0; i < outputSize; i++)
        {
            int below, above;
            float lambda;
            if (inputSize == outputSize)
                (below, above, lambda) = (i, i, 0f);
            else
            {
                var source = Math.Max((float)(scale * (i + 0.5) - 0.5), 0f);
                below = Math.Min((int)MathF.Floor(source), inputSize - 1);
                above = below < inputSize - 1 ? below + 1 : below;
                lambda = Math.Clamp(source - below, 0f, 1f);
            }
            var o = mirror ? outputSize - 1 - i : i;
            (low[o], high[o], lowWeight[o], highWeight[o]) = (offset + below, offset + above, 1f - lambda, lambda);
        }
        return new BilinearAxis(low, high, lowWeight, highWeight);
    }
}
