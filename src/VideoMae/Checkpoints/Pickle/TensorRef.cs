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

    /// <summary>The bytes of the tensor built from the view; meaningful once <see cref="Problem"/> is null.</summary>
    public long ByteCount => TensorShapes.ByteCount(Size, Storage.Type.ElementSize) ?? long.MaxValue;

    /// <summary>
    /// Why the view cannot be built from its storage, or null when it can. A view may not reach past its storage, repeat
    /// elements (stride 0 on a dimension longer than one) or have more elements than its storage holds: weights saved
    /// by torch.save never do, and otherwise a file of a few hundred bytes could make the reader allocate gigabytes
    /// (issue 24). The tensor built is then never larger than the storage read for it.
    /// </summary>
    public string? Problem()
    {
        if (TensorShapes.ByteCount(Size, Storage.Type.ElementSize) is null)
            return "is too large to address (its sizes multiply past 64 bits)";
        for (var i = 0; i < Size.Length; i++)
            if (Stride[i] == 0 && Size[i] > 1)
                return $"has stride 0 in dimension {i} (of size {Size[i]}), which repeats stored elements; saved weights never do";
        var numel = Size.Aggregate(1L, (a, d) => a * d);
        if (numel == 0)
            return null;
        long last;
        try
        {
            last = Offset;
            for (var i = 0; i < Size.Length; i++)
                last = checked(last + (Size[i] - 1) * Stride[i]);
        }
        catch (OverflowException)
        {
            return $"on {Storage} overflows 64-bit element arithmetic";
        }
        if (last >= Storage.Numel)
            return $"reads up to element {last} of {Storage}, which has {Storage.Numel} elements";
        if (numel > Storage.Numel)
            return $"has {numel} elements, more than the {Storage.Numel} of {Storage}";
        return null;
    }

    /// <summary>The view for messages: <c>tensor 'name' [3, 3] with stride [3, 1] at offset 0</c>.</summary>
    public string Describe(string? name) =>
        $"{(name is null ? "a tensor" : $"tensor '{name}'")} {TensorShapes.Format(Size)} with stride {TensorShapes.Format(Stride)} at offset {Offset}";

    /// <inheritdoc />
    public override string ToString() => $"tensor [{string.Join(", ", Size)}] on {Storage}";
}
