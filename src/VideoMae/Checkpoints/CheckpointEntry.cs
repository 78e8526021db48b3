using static TorchSharp.torch;

namespace VideoMae.Checkpoints;

/// <summary>One tensor of a checkpoint as its file describes it, checked against the bytes the file holds for it.</summary>
/// <param name="Name">The key under the file's own naming.</param>
/// <param name="Shape">The dimensions, outermost first.</param>
/// <param name="DType">The stored element type.</param>
/// <param name="ByteCount">The bytes of the tensor once built.</param>
public sealed record CheckpointEntry(string Name, IReadOnlyList<long> Shape, ScalarType DType, long ByteCount);
