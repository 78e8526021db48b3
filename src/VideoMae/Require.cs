namespace VideoMae;

/// <summary>Argument checks whose messages name the value and what was expected, before any tensor work.</summary>
internal static class Require
{
    public static void Positive(int value, string name)
    {
        if (value <= 0)
            throw new ArgumentException($"{name} = {value}; expected a positive integer.", name);
    }

    public static void DividesEvenly(int value, int divisor, string name, string divisorName)
    {
        if (divisor > 0 && value % divisor != 0)
            throw new ArgumentException($"{name} = {value} is not divisible by {divisorName} = {divisor}; expected a multiple of {divisor}.", name);
    }

    public static void InRange(double value, double min, double max, string name, bool maxInclusive = false)
    {
        var ok = value >= min && (maxInclusive ? value <= max : value < max);
        if (!ok)
            throw new ArgumentException($"{name} = {value}; expected a value in [{min}, {max}{(maxInclusive ? "]" : ")")}.", name);
    }

    public static void Shape(long[] actual, long[] expected, string name)
    {
        if (!actual.SequenceEqual(expected))
            throw new ArgumentException($"{name} has shape [{string.Join(", ", actual)}]; expected [{string.Join(", ", expected)}].", name);
    }
}
