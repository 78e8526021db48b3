using static TorchSharp.torch;

namespace VideoMae.Checkpoints.Pickle;

/// <summary>
/// Turns <see cref="TensorRef"/> and <see cref="StorageRef"/> descriptions into CPU tensors of the stored dtype,
/// contiguous and owning their memory. Each storage's bytes are read from the archive once and dropped after the
/// last planned use. Views are checked against the storage before anything native is allocated. Tensors are
/// created in the caller's dispose scope.
/// </summary>
internal sealed class TensorBuilder
{
    /// <summary>A view may repeat elements (stride 0), but not into more than this many without a storage that large.</summary>
    private const long MaxExpandedElements = 1L << 28;

    private readonly PthArchive _archive;
    private readonly Dictionary<string, int> _pendingUses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);

    /// <param name="archive">Where the storages are.</param>
    /// <param name="plannedUses">Every storage use that will be built, so that bytes can be released after the last.</param>
    public TensorBuilder(PthArchive archive, IEnumerable<StorageRef> plannedUses)
    {
        _archive = archive;
        foreach (var use in plannedUses)
            _pendingUses[use.Key] = _pendingUses.GetValueOrDefault(use.Key) + 1;
    }

    /// <summary>The tensor <paramref name="view"/> describes.</summary>
    public Tensor Build(TensorRef view)
    {
        var storage = view.Storage;
        var dims = $"[{string.Join(", ", view.Size)}] with stride [{string.Join(", ", view.Stride)}] at offset {view.Offset}";
        long numel, extent;
        try
        {
            numel = view.Size.Aggregate(1L, (a, d) => checked(a * d));
            var last = view.Offset;
            for (var i = 0; i < view.Size.Length; i++)
                if (view.Size[i] > 0)
                    last = checked(last + (view.Size[i] - 1) * view.Stride[i]);
            extent = numel == 0 ? 0 : checked(last - view.Offset + 1);
            if (numel > 0 && last >= storage.Numel)
                throw Bad($"a tensor {dims} reads up to element {last} of {storage}, which has {storage.Numel} elements");
        }
        catch (OverflowException)
        {
            throw Bad($"a tensor {dims} on {storage} overflows 64-bit element arithmetic");
        }
        if (numel > Math.Max(extent, MaxExpandedElements))
            throw Bad($"a tensor {dims} repeats the {extent} elements it reads of {storage} into {numel}, more than this reader allows");

        var bytes = Take(storage);
        var size = storage.Type.ElementSize;
        var start = extent == 0 ? 0 : checked((int)(view.Offset * size));
        using var local = FromBytes(bytes, start, extent, storage.Type);
        using var strided = local.as_strided(view.Size, view.Stride, 0);
        return strided.contiguous();
    }

    /// <summary>A whole storage (a bare storage object in the pickle) as a 1-D tensor.</summary>
    public Tensor Build(StorageRef storage)
    {
        var bytes = Take(storage);
        return FromBytes(bytes, 0, storage.Numel, storage.Type);
    }

    private byte[] Take(StorageRef storage)
    {
        if (!_bytes.TryGetValue(storage.Key, out var bytes))
        {
            bytes = _archive.ReadStorage(storage.Key);
            _bytes[storage.Key] = bytes;
        }
        if (_pendingUses.TryGetValue(storage.Key, out var uses) && uses > 1)
            _pendingUses[storage.Key] = uses - 1;
        else
        {
            _pendingUses.Remove(storage.Key);
            _bytes.Remove(storage.Key);
        }
        var needed = (long)storage.Numel * storage.Type.ElementSize;
        if (bytes.LongLength < needed)
            throw Bad($"{storage} holds {bytes.LongLength} bytes but the pickle declares {storage.Numel} elements ({needed} bytes); the storage is too short");
        return bytes;
    }

    // Copies count elements starting at byte start into a new 1-D tensor, reinterpreting the bytes as the dtype.
    private static Tensor FromBytes(byte[] bytes, int start, long count, TorchStorageType type)
    {
        var t = empty([count], type.DType);
        if (count == 0)
            return t;
        var span = bytes.AsSpan(start, checked((int)(count * type.ElementSize)));
        if (type.DType == ScalarType.Bool)
        {
            // Any non-zero byte is true; libtorch expects exactly 0 or 1 in a bool tensor.
            var normalised = new byte[span.Length];
            for (var i = 0; i < span.Length; i++)
                normalised[i] = span[i] == 0 ? (byte)0 : (byte)1;
            span = normalised;
        }
        t.bytes = span;
        return t;
    }

    private InvalidDataException Bad(string problem) => CheckpointErrors.Create(_archive.Path, problem);
}
