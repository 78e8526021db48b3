namespace VideoMae.Checkpoints.Pickle;

/// <summary>
/// A tensor as <c>_rebuild_tensor_v2</c> describes it: a strided view (in elements) of a storage. Kept as a
/// description until the reader decides the tensor is wanted, so nothing native exists while the pickle is read.
/// </summary>
internal sealed class TensorRef(StorageRef storage, long offset, long[] size, long[] stride)
{
    /// <summary>The storage the view reads.</summary>
    public StorageRef Storage { get; } = storage;

    /// <summary>First element of the view, in elements from the start of the storage.</summary>
    public long Offset { get; } = offset;

    /// <summary>The view's shape.</summary>
    public long[] Size { get; } = size;

    /// <summary>The view's strides, in elements.</summary>
    public long[] Stride { get; } = stride;

    /// <inheritdoc />
    public override string ToString() => $"tensor [{string.Join(", ", Size)}] on {Storage}";
}
