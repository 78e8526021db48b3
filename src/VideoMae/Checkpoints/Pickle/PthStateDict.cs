using static TorchSharp.torch;

namespace VideoMae.Checkpoints.Pickle;

/// <summary>
/// The state dict of a <c>.pth</c> checkpoint, found and checked without reading a storage: every entry is a view
/// its storage can back (<see cref="TensorRef.Problem"/>) and every storage is in the archive with the bytes the
/// pickle declares. <see cref="Load"/> then builds the tensors within a <see cref="LoadBudget"/>. Holds the archive
/// open until disposed.
/// </summary>
internal sealed class PthStateDict : IDisposable
{
    private readonly PthArchive _archive;

    private PthStateDict(PthArchive archive, List<KeyValuePair<string, TensorRef>> entries, long byteCount)
    {
        _archive = archive;
        Entries = entries;
        ByteCount = byteCount;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path => _archive.Path;

    /// <summary>Name → view, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, TensorRef>> Entries { get; }

    /// <summary>The bytes of all the entries' tensors once built.</summary>
    public long ByteCount { get; }

    /// <summary>Opens <paramref name="path"/>, reads its pickle and checks its state dict; see <see cref="PthReader.LoadStateDict"/> for where it is looked for.</summary>
    public static PthStateDict Open(string path)
    {
        var archive = PthArchive.Open(path);
        try
        {
            var root = PickleMachine.Load(archive.ReadPickle(), path, TorchPickleResolver.Instance);
            var entries = FindStateDict(root, path);
            var total = 0L;
            foreach (var (name, view) in entries)
            {
                if (view.Problem() is { } problem)
                    throw CheckpointErrors.Create(path, $"{view.Describe(name)} {problem}");
                archive.CheckStorage(view.Storage);
                total = view.ByteCount > long.MaxValue - total
                    ? throw CheckpointErrors.Create(path, "the state dict's tensors add up to more than 2^63 bytes")
                    : total + view.ByteCount;
            }
            return new PthStateDict(archive, entries, total);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Every entry as a CPU tensor in the stored dtype, contiguous, in file order; the caller owns them. Reading stops
    /// with an error, every tensor built so far disposed, when the storages read would exceed <paramref name="budget"/>.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Load(LoadBudget budget)
    {
        var builder = new TensorBuilder(_archive, Entries.Select(e => e.Value.Storage), budget);
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        using (NewDisposeScope())
        {
            foreach (var (name, view) in Entries)
                result[name] = builder.Build(view, name);
            foreach (var t in result.Values)
                t.MoveToOuterDisposeScope();
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _archive.Dispose();

    private static List<KeyValuePair<string, TensorRef>> FindStateDict(object? root, string path)
    {
        if (root is not Dictionary<object, object?> top)
            throw CheckpointErrors.Create(path, $"the checkpoint's top level is a {PickleMachine.Describe(root)}, not a dict, so it holds no state dict");
        if (TensorEntries(top, out _) is { } direct)
            return direct;
        var reasons = new List<string>();
        foreach (var key in PthReader.StateDictKeys)
        {
            if (!top.TryGetValue(key, out var value))
                continue;
            if (value is Dictionary<object, object?> nested)
            {
                if (TensorEntries(nested, out var why) is { } entries)
                    return entries;
                reasons.Add($"'{key}' {why}");
            }
            else
            {
                reasons.Add($"'{key}' is a {PickleMachine.Describe(value)}");
            }
        }
        var keys = top.Count == 0 ? "none" : string.Join(", ", top.Keys.Select(k => k is string s ? $"'{s}'" : PickleMachine.Describe(k)));
        var detail = reasons.Count == 0 ? "" : $" ({string.Join("; ", reasons)})";
        throw CheckpointErrors.Create(path,
            $"found no state dict: the top-level dict (keys: {keys}) does not map names to tensors, and none of " +
            $"{string.Join(", ", PthReader.StateDictKeys.Select(k => $"'{k}'"))} holds a dict of tensors{detail}");
    }

    // The entries of a non-empty dict from string to tensor, or null with the reason it is not one.
    private static List<KeyValuePair<string, TensorRef>>? TensorEntries(Dictionary<object, object?> dict, out string? why)
    {
        why = null;
        if (dict.Count == 0)
        {
            why = "is an empty dict";
            return null;
        }
        var entries = new List<KeyValuePair<string, TensorRef>>(dict.Count);
        foreach (var (key, value) in dict)
        {
            if (key is not string name)
            {
                why = $"has the non-string key {PickleMachine.Describe(key)}";
                return null;
            }
            if (value is not TensorRef view)
            {
                why = $"maps '{name}' to a {PickleMachine.Describe(value)}, not a tensor";
                return null;
            }
            entries.Add(new(name, view));
        }
        return entries;
    }
}
