namespace VideoMae.Checkpoints;

/// <summary>Shape arithmetic both checkpoint readers share, done before anything native sees the shape.</summary>
internal static class TensorShapes
{
    /// <summary>
    /// The bytes a contiguous tensor of <paramref name="shape"/> takes, or null when libtorch could not address it: its
    /// dimensions, zeros counted as ones, multiply past 64 bits. A zero makes the tensor empty but not its strides, so
    /// <c>[0, 2^62, 2^62]</c> holds no bytes yet fails deep in libtorch ("Stride calculation overflowed").
    /// </summary>
    public static long? ByteCount(IReadOnlyList<long> shape, int elementSize)
    {
        try
        {
            long addressed = elementSize, count = elementSize;
            foreach (var d in shape)
            {
                addressed = checked(addressed * Math.Max(d, 1));
                count *= d; // no larger than addressed, so it cannot overflow
            }
            return count;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>A shape as Python prints a list, e.g. <c>[2, 3]</c>.</summary>
    public static string Format(IReadOnlyList<long> shape) => $"[{string.Join(", ", shape)}]";
}
