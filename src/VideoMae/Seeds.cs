namespace VideoMae;

/// <summary>Stable seed derivation (SplitMix64), so every sample's randomness depends only on (seed, epoch, position), not on thread timing.</summary>
public static class Seeds
{
    /// <summary>A well-mixed 31-bit seed from the given parts.</summary>
    public static int Mix(params long[] parts)
    {
        ulong state = 0x9E3779B97F4A7C15;
        foreach (var part in parts)
        {
            state += unchecked((ulong)part) + 0x9E3779B97F4A7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            state = z ^ (z >> 31);
        }
        return (int)(state & 0x7FFFFFFF);
    }
}
