using TorchSharp;
using static TorchSharp.torch;

namespace VideoMae;

/// <summary>
/// Tensor-and-number arithmetic, the one place the library makes TorchSharp <see cref="Scalar"/>s. TorchSharp passes a
/// scalar's native handle to libtorch without keeping the managed object alive, so the temporary of an implicit
/// conversion (<c>x * 0.5</c>) can be finalised by a garbage collection on another thread during the call; a long run
/// crashed that way ("Unknown scalar type"). Each method here names its scalar and disposes it after the call, which
/// keeps it alive until then. A source rule (tests/VideoMae.Tests/SourceRules) finds scalars made anywhere else.
/// </summary>
public static class ScalarArithmetic
{
    /// <summary>x · value.</summary>
    public static Tensor Mul(this Tensor x, double value) => With(value, s => x.mul(s));

    /// <summary>x · value, keeping an integer tensor integer.</summary>
    public static Tensor Mul(this Tensor x, long value) => With(value, s => x.mul(s));

    /// <summary>x ← x · value.</summary>
    public static Tensor MulInPlace(this Tensor x, double value) => With(value, s => x.mul_(s));

    /// <summary>x / value.</summary>
    public static Tensor Div(this Tensor x, double value) => With(value, s => x.div(s));

    /// <summary>x ← x / value.</summary>
    public static Tensor DivInPlace(this Tensor x, double value) => With(value, s => x.div_(s));

    /// <summary>x + value.</summary>
    public static Tensor Add(this Tensor x, double value) => With(value, s => x.add(s));

    /// <summary>x ← x + value.</summary>
    public static Tensor AddInPlace(this Tensor x, double value) => With(value, s => x.add_(s));

    /// <summary>x ← x + alpha · other.</summary>
    public static Tensor AddScaledInPlace(this Tensor x, Tensor other, double alpha) => With(alpha, s => x.add_(other, s));

    /// <summary>x ← x + value · a · b.</summary>
    public static Tensor AddProductInPlace(this Tensor x, Tensor a, Tensor b, double value) => With(value, s => x.addcmul_(a, b, s));

    /// <summary>x ← x + value · a / b.</summary>
    public static Tensor AddQuotientInPlace(this Tensor x, Tensor a, Tensor b, double value) => With(value, s => x.addcdiv_(a, b, s));

    /// <summary>x ← value everywhere.</summary>
    public static Tensor FillInPlace(this Tensor x, double value) => With(value, s => x.fill_(s));

    /// <summary>x ← min(max(x, low), high).</summary>
    public static Tensor ClampInPlace(this Tensor x, double low, double high) => With(low, l => With(high, h => x.clamp_(l, h)));

    /// <summary>min(x, high).</summary>
    public static Tensor ClampMax(this Tensor x, double high) => With(high, h => x.clamp_max(h));

    /// <summary>A float32 tensor of <paramref name="shape"/> filled with <paramref name="value"/>.</summary>
    public static Tensor Full(long[] shape, double value, Device? device = null) => With(value, s => full(shape, s, ScalarType.Float32, device));

    /// <summary>int64 [0, 1, …, <paramref name="count"/> − 1].</summary>
    public static Tensor Range(long count, Device? device = null) => With(count, s => arange(s, ScalarType.Int64, device));

    /// <summary>Runs <paramref name="operation"/> with <paramref name="value"/> as a scalar that lives until it returns.</summary>
    private static Tensor With(double value, Func<Scalar, Tensor> operation)
    {
        using var scalar = value.ToScalar();
        return operation(scalar);
    }

    /// <summary>Runs <paramref name="operation"/> with the integer <paramref name="value"/> as a scalar that lives until it returns.</summary>
    private static Tensor With(long value, Func<Scalar, Tensor> operation)
    {
        using var scalar = value.ToScalar();
        return operation(scalar);
    }
}
