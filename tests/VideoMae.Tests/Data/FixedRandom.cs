namespace VideoMae.Tests.Data;

/// <summary>A Random whose draws are fixed, so sampling can be checked against hand-computed indices.</summary>
internal sealed class FixedRandom(int next) : Random
{
    public override int Next(int maxValue) => Math.Min(next, maxValue - 1);

    public override int Next(int minValue, int maxValue) => Math.Clamp(minValue + next, minValue, maxValue - 1);

    public override double NextDouble() => 0.5;
}
