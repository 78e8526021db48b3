using static TorchSharp.torch;

namespace VideoMae.SelfCheck;

/// <summary>How far a computed tensor lies from the one it should equal, in the units the checks' tolerances use.</summary>
internal static class Deviation
{
    /// <summary>
    /// max |actual − expected| / max(1, max |expected|): the absolute error for values of unit scale or less (as the
    /// parity tests measure it), relative to the largest expected magnitude beyond, so one tolerance fits logits and
    /// pixel targets alike. Compared in float64 on the host.
    /// </summary>
    /// <exception cref="InvalidOperationException">The shapes differ (named with <paramref name="what"/>).</exception>
    public static double Scaled(Tensor expected, Tensor actual, string what)
    {
        if (!expected.shape.SequenceEqual(actual.shape))
            throw new InvalidOperationException($"{what} has shape [{string.Join(", ", actual.shape)}]; expected [{string.Join(", ", expected.shape)}].");
        using var scope = NewDisposeScope();
        var e = expected.to(ScalarType.Float64, CPU);
        var error = (actual.to(ScalarType.Float64, CPU) - e).abs().max().item<double>();
        var scale = e.abs().max().item<double>();
        return error / Math.Max(1, scale);
    }
}
