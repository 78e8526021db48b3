using VideoMae.Layers;
using TorchSharp;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Tests.Layers;

/// <summary>
/// Stochastic depth (SPEC §1.3, timm semantics): the identity outside training; in training each sample's branch is
/// dropped whole with probability p, and a kept one is scaled by 1/keep so that the expected output is the input.
/// </summary>
public sealed class DropPathTests : IDisposable
{
    private const double Rate = 0.3;
    private const double Keep = 1 - Rate;

    // 5 standard deviations of a binomial or sample-mean estimate: a correct layer falls outside with probability
    // 5.7e-7 (two-sided normal tail), while the faults these tests look for (kept and dropped swapped: 0.3 instead of
    // 0.7; no 1/keep scaling: a mean of 0.7·x) are off by well over 100 standard deviations at these sample counts.
    private const double Sigmas = 5;

    private readonly DisposeScope _scope;

    public DropPathTests()
    {
        TorchRuntime.EnsureLoaded();
        _scope = NewDisposeScope();
        manual_seed(0);
    }

    public void Dispose() => _scope.Dispose();

    // Values in [0.5, 1.5): no element is zero, so a zero in the output can only come from a drop.
    private static Tensor Input(params long[] shape) => rand(shape) + 0.5;

    // TorchSharp's Tensor.equal compares element-wise, so the shapes are compared first.
    private static void AssertIdentical(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.equal(expected).all().item<bool>());
    }

    [Fact]
    public void In_evaluation_the_output_is_exactly_the_input()
    {
        using var layer = new DropPath(Rate);
        layer.eval();
        var x = Input(64, 5, 7);
        var y = layer.call(x);
        AssertIdentical(x, y);
        AssertIdentical(x, DropPath.Apply(x, Rate, training: false));
    }

    [Fact]
    public void At_rate_zero_training_is_the_identity()
    {
        using var layer = new DropPath(0);
        layer.train();
        var x = Input(64, 5, 7);
        AssertIdentical(x, layer.call(x));
    }

    [Fact]
    public void The_identity_is_a_separate_handle_so_disposing_it_keeps_the_input()
    {
        var x = Input(4, 3);
        DropPath.Apply(x, Rate, training: false).Dispose();
        Assert.Equal(12, x.numel());
        Assert.True(x.ge(0.5).all().item<bool>());
    }

    [Fact]
    public void In_training_each_sample_is_either_all_zero_or_exactly_the_input_over_keep()
    {
        using var layer = new DropPath(Rate);
        layer.train();
        var x = Input(2000, 3, 2, 2);   // [B, C, H, W]: one decision must cover every non-batch element
        var y = layer.call(x);
        Assert.Equal(x.shape, y.shape);
        var scaled = x / Keep;
        var (dropped, kept) = (0, 0);
        for (var i = 0; i < x.shape[0]; i++)
        {
            if (y[i].eq(0).all().item<bool>())
                dropped++;
            else if (y[i].allclose(scaled[i], rtol: 1e-6, atol: 0))
                kept++;
            else
                Assert.Fail($"sample {i} is neither all zero nor x/keep: {string.Join(", ", y[i].flatten().data<float>().ToArray())}");
        }
        Assert.True(dropped > 0 && kept > 0, $"{dropped} dropped, {kept} kept: both outcomes must occur at p = {Rate}");
    }

    [Fact]
    public void The_fraction_of_kept_samples_is_keep_within_a_binomial_bound()
    {
        const int n = 40_000;
        var y = DropPath.Apply(Input(n, 4), Rate, training: true);
        var kept = y.ne(0).all(1).sum().item<long>();
        // Kept count ~ Binomial(n, keep): the fraction's standard deviation is √(keep·p / n) = 0.0023, the bound 0.011.
        var bound = Sigmas * Math.Sqrt(Keep * Rate / n);
        Assert.InRange((double)kept / n, Keep - bound, Keep + bound);
    }

    [Fact]
    public void The_expected_output_over_samples_equals_the_input()
    {
        const int n = 40_000;
        var v = Input(1, 8);
        var y = DropPath.Apply(v.expand(n, 8).contiguous(), Rate, training: true);
        // Each output element is v/keep with probability keep, else 0: mean v, variance v²·p/keep. The mean of n such
        // draws has standard deviation |v|·√(p/keep/n) = 0.0033·|v|; the 5σ bound is taken per element.
        var bound = v.abs() * (Sigmas * Math.Sqrt(Rate / Keep / n));
        var error = (y.mean([0], keepdim: true) - v).abs();
        Assert.True(error.le(bound).all().item<bool>(),
            $"mean − x = [{string.Join(", ", error.flatten().data<float>().ToArray())}] exceeds [{string.Join(", ", bound.flatten().data<float>().ToArray())}]");
    }
}
