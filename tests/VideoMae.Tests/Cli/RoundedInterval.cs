using System.Text.Json;

namespace VideoMae.Tests.Cli;

/// <summary>
/// The values a number printed to d decimals may have come from, [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ], with the arithmetic of
/// positive intervals: a relation between printed numbers then holds "within rounding" when the printed result's
/// interval overlaps the interval of the formula over the printed inputs.
/// </summary>
internal readonly record struct RoundedInterval(double Lo, double Hi)
{
    /// <summary>The interval of <paramref name="field"/> of <paramref name="row"/>, printed to <paramref name="decimals"/> decimals.</summary>
    public static RoundedInterval Of(JsonElement row, string field, int decimals)
    {
        var (value, half) = (row.GetProperty(field).GetDouble(), 0.5 * Math.Pow(10, -decimals));
        Assert.True(value - half > 0, $"{field} = {value}: expected a positive value that its {decimals} decimals resolve");
        return new(value - half, value + half);
    }

    public static RoundedInterval Exact(double value) => new(value, value);

    public static RoundedInterval operator *(RoundedInterval a, RoundedInterval b) => new(a.Lo * b.Lo, a.Hi * b.Hi);

    public static RoundedInterval operator /(RoundedInterval a, RoundedInterval b) => new(a.Lo / b.Hi, a.Hi / b.Lo);

    /// <summary>Whether some value lies in both intervals.</summary>
    public bool Overlaps(RoundedInterval other) => Lo <= other.Hi && other.Lo <= Hi;

    public override string ToString() => $"[{Lo:G6}, {Hi:G6}]";
}
