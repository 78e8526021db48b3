namespace VideoMae.Checkpoints;

/// <summary>One tensor as a safetensors header describes it; already checked against the file it came from.</summary>
/// <param name="Name">The tensor's name (its state-dict key).</param>
/// <param name="DType">The safetensors dtype name, e.g. <c>F32</c>, <c>BF16</c>, <c>U8</c>.</param>
/// <param name="Shape">The dimensions, outermost first; empty for a 0-d scalar.</param>
/// <param name="Begin">The first byte of the tensor's data, relative to the start of the data buffer.</param>
/// <param name="End">One past the last byte of the tensor's data, relative to the start of the data buffer.</param>
public sealed record SafetensorsEntry(string Name, string DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>The number of bytes the tensor's data takes: <see cref="End"/> − <see cref="Begin"/>.</summary>
    public long ByteLength => End - Begin;
}
