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
    public static Tensor Mul(this Tensor x, double value)
    {
        using var s = value.ToScalar();
        return x.mul(s);
    }

    /// <summary>x ← x · value.</summary>
    public static Tensor MulInPlace(this Tensor x, double value)
    {
        using var s = value.ToScalar();
        return x.mul_(s);
    }

    /// <summary>x / value.</summary>
    public static Tensor Div(this Tensor x, double value)
    {
        using var s = value.ToScalar();
        return x.div(s);
    }

    /// <summary>x ← x / value.</summary>
    public static Tensor DivInPlace(this Tensor x, double value)
    {
        using var s = value.ToScalar();
        return x.div_(s);
    }

    /// <summary>x + value.</summary>
    public static Tensor Add(this Tensor x, double value)
    {
        using var s = value.ToScalar();
        return x.add(s);
    }

    /// <summary>x ← x + value.</summary>
    public static Tensor AddInPlace(this Tensor x, double value)
    {
        using var s = value.ToScalar();
        return x.add_(s);
    }

    /// <summary>x ← x + alpha · other.</summary>
    public static Tensor AddScaledInPlace(this Tensor x, Tensor other, double alpha)
    {
        using var s = alpha.ToScalar();
        return x.add_(other, s);
    }

    /// <summary>x ← x + value · a · b.</summary>
    public static Tensor AddProductInPlace(this Tensor x, Tensor a, Tensor b, double value)
    {
        using var s = value.ToScalar();
        return x.addcmul_(a, b, s);
    }

    /// <summary>x ← x + value · a / b.</summary>
    public static Tensor AddQuotientInPlace(this Tensor x, Tensor a, Tensor b, double value)
    {
        using var s = value.ToScalar();
        return x.addcdiv_(a, b, s);
    }

    /// <summary>x ← value everywhere.</summary>
    public static Tensor FillInPlace(this Tensor x, double value)
    {
        using var s = value.ToScalar();
        return x.fill_(s);
    }

    /// <summary>x ← min(max(x, low), high).</summary>
    public static Tensor ClampInPlace(this Tensor x, double low, double high)
    {
        using var l = low.ToScalar();
        using var h = high.ToScalar();
        return x.clamp_(l, h);
    }

    /// <summary>min(x, high).</summary>
    public static Tensor ClampMax(this Tensor x, double high)
    {
        using var h = high.ToScalar();
        return x.clamp_max(h);
    }

    /// <summary>A float32 tensor of <paramref name="shape"/> filled with <paramref name="value"/>.</summary>
    public static Tensor Full(long[] shape, double value, Device? device = null)
    {
        using var s = value.ToScalar();
        return full(shape, s, ScalarType.Float32, device);
    }
}
