namespace VideoMae.Data.Augmentation;

/// <summary>Standard normal draws from a seeded <see cref="Random"/> (Box–Muller), so augmentation depends on the sample's seed alone.</summary>
internal static class Gaussian
{
    /// <summary>One draw from N(0, 1).</summary>
    public static double Next(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Fills <paramref name="values"/> with N(0, 1) draws, both of each Box–Muller pair.</summary>
    public static void Fill(Span<float> values, Random rng)
    {
        for (var i = 0; i < values.Length; i += 2)
        {
            var radius = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble()));
            var (sin, cos) = Math.SinCos(2 * Math.PI * rng.NextDouble());
            values[i] = (float)(radius * cos);
            if (i + 1 < values.Length)
                values[i + 1] = (float)(radius * sin);
        }
    }
}
