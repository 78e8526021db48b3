using VideoMae.Checkpoints.Pickle;

namespace VideoMae.Checkpoints;

/// <summary>
/// The bytes one load may read from a checkpoint into memory: the bytes of the tensors it loads, plus a margin for
/// storages a little larger than the views on them (a head sliced from a larger head keeps the whole storage). With
/// views checked against their storages (<see cref="TensorRef.Problem"/>), the tensors built never exceed what was
/// read, so a load allocates at most twice its tensors plus the margin, whatever the file claims (issue 24: a small
/// view of a huge, well-compressed storage must not make a load allocate the storage).
/// </summary>
internal sealed class LoadBudget
{
    /// <summary>The fixed part of the margin; the other part is 1/16 of the tensors' bytes.</summary>
    public const long MarginBytes = 16L << 20;

    private readonly string _path;
    private readonly long _needed;
    private long _spent;

    private LoadBudget(string path, long needed)
    {
        _path = path;
        _needed = needed;
        Limit = needed > (long.MaxValue - MarginBytes) / 2 ? long.MaxValue : needed + needed / 16 + MarginBytes;
    }

    /// <summary>The most bytes the load may read.</summary>
    public long Limit { get; }

    /// <summary>A budget for loading tensors of <paramref name="neededBytes"/> bytes from <paramref name="path"/>.</summary>
    public static LoadBudget For(string path, long neededBytes) => new(path, neededBytes);

    /// <summary>Counts <paramref name="bytes"/> about to be read for <paramref name="what"/>; throws, reading nothing, past the limit.</summary>
    public void Spend(long bytes, string what)
    {
        if (bytes > Limit - _spent)
            throw CheckpointErrors.Create(_path,
                $"reading {what} ({bytes} bytes) would take this load past the {Limit} bytes it may read (the {_needed} bytes of the tensors " +
                $"it loads, plus 1/16 and {MarginBytes >> 20} MiB); a storage much larger than the tensors on it is not a saved state dict");
        _spent += bytes;
    }
}
