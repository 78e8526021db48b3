using static TorchSharp.torch;

namespace VideoMae.Checkpoints.Pickle;

/// <summary>
/// Turns <see cref="TensorRef"/> and <see cref="StorageRef"/> descriptions into CPU tensors of the stored dtype,
/// contiguous and owning their memory. Each storage's bytes are read from the archive once, counted against the
/// load's <see cref="LoadBudget"/>, and dropped after the last planned use. Views are checked against the storage
/// (<see cref="TensorRef.Problem"/>) before anything is read or allocated. Tensors are created in the caller's
/// dispose scope.
/// </summary>
internal sealed class TensorBuilder
{
    private readonly PthArchive _archive;
    private readonly LoadBudget _budget;
    private readonly Dictionary<string, int> _pendingUses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);

    /// <param name="archive">Where the storages are.</param>
    /// <param name="plannedUses">Every storage use that will be built, so that bytes can be released after the last.</param>
    /// <param name="budget">What the storages read may add up to.</param>
    public TensorBuilder(PthArchive archive, IEnumerable<StorageRef> plannedUses, LoadBudget budget)
    {
        _archive = archive;
        _budget = budget;
        foreach (var use in plannedUses)
            _pendingUses[use.Key] = _pendingUses.GetValueOrDefault(use.Key) + 1;
    }

    /// <summary>The tensor <paramref name="view"/> describes; <paramref name="name"/>, when known, names it in errors.</summary>
    public Tensor Build(TensorRef view, string? name = null)
    {
        if (view.Problem() is { } problem)
            throw Bad($"{view.Describe(name)} {problem}");
        var bytes = Take(view.Storage);
        if (view.ByteCount == 0)
            return empty(view.Size, view.Storage.Type.DType);
        // The span from the view's first element to its last, which Problem() found inside the storage.
        var extent = 1L;
        for (var i = 0; i < view.Size.Length; i++)
            extent += (view.Size[i] - 1) * view.Stride[i];
        var start = checked((int)(view.Offset * view.Storage.Type.ElementSize));
        using var local = FromBytes(bytes, start, extent, view.Storage.Type);
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
            _archive.CheckStorage(storage);
            _budget.Spend(storage.Numel * storage.Type.ElementSize, $"storage '{storage.Key}'");
            bytes = _archive.ReadStorage(storage);
            _bytes[storage.Key] = bytes;
        }
        if (_pendingUses.TryGetValue(storage.Key, out var uses) && uses > 1)
            _pendingUses[storage.Key] = uses - 1;
        else
        {
            _pendingUses.Remove(storage.Key);
            _bytes.Remove(storage.Key);
        }
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
