using static TorchSharp.torch;

namespace VideoMae.Tests.Fixtures;

/// <summary>The parity comparison: absolute error for values up to 1, relative beyond.</summary>
internal static class TensorAssert
{
    public static void Close(Tensor expected, Tensor actual, string what, double tolerance = 1e-5)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var scope = NewDisposeScope();
        var error = ((actual.to(ScalarType.Float64) - expected.to(ScalarType.Float64)).abs() / expected.to(ScalarType.Float64).abs().clamp_min(1)).max().item<double>();
        Assert.True(error <= tolerance, $"{what}: largest error {error:E2} exceeds {tolerance:E0}");
    }
}
