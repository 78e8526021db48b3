using static TorchSharp.torch;

namespace VideoMae.Checkpoints.Pickle;

/// <summary>One of the legacy <c>torch.*Storage</c> classes a checkpoint names in a storage's persistent id.</summary>
/// <param name="Name">The class name, e.g. <c>FloatStorage</c>.</param>
/// <param name="DType">The element type of the tensors built on it.</param>
/// <param name="ElementSize">Bytes per element in <c>data/&lt;key&gt;</c>.</param>
internal sealed record TorchStorageType(string Name, ScalarType DType, int ElementSize)
{
    /// <summary>The storage classes this reader accepts, by class name.</summary>
    public static IReadOnlyDictionary<string, TorchStorageType> All { get; } = new[]
    {
        new TorchStorageType("FloatStorage", ScalarType.Float32, 4),
        new TorchStorageType("HalfStorage", ScalarType.Float16, 2),
        new TorchStorageType("BFloat16Storage", ScalarType.BFloat16, 2),
        new TorchStorageType("DoubleStorage", ScalarType.Float64, 8),
        new TorchStorageType("LongStorage", ScalarType.Int64, 8),
        new TorchStorageType("IntStorage", ScalarType.Int32, 4),
        new TorchStorageType("ByteStorage", ScalarType.Byte, 1),
        new TorchStorageType("BoolStorage", ScalarType.Bool, 1),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <inheritdoc />
    public override string ToString() => $"torch.{Name}";
}
