namespace VideoMae.Training.Regularisation;

/// <summary>Beta(α, α) draws from a seeded <see cref="Random"/>, through two Gamma draws (Marsaglia–Tsang).</summary>
public static class BetaSampler
{
    /// <summary>One draw from Beta(<paramref name="alpha"/>, <paramref name="alpha"/>).</summary>
    public static double Symmetric(double alpha, Random rng)
    {
        if (!(alpha > 0))
            throw new ArgumentException($"alpha = {alpha}; expected a positive Beta parameter.", nameof(alpha));
        var x = Gamma(alpha, rng);
        var y = Gamma(alpha, rng);
        return x / (x + y);
    }

    private static double Gamma(double shape, Random rng)
    {
        if (shape < 1)
            // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
            return Gamma(shape + 1, rng) * Math.Pow(1 - rng.NextDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = StandardNormal(rng);
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = 1 - rng.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
                return d * v;
        }
    }

    private static double StandardNormal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
