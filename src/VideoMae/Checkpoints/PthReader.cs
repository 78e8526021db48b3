using VideoMae.Checkpoints.Pickle;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Checkpoints;

/// <summary>
/// Reads PyTorch <c>.pth</c> checkpoints in the zip format <c>torch.save</c> writes since PyTorch 1.6, without Python.
/// The pickle inside is treated as untrusted: only the globals a checkpoint needs (<c>collections.OrderedDict</c>,
/// <c>torch._utils._rebuild_tensor_v2</c>, <c>torch._utils._rebuild_parameter</c>, the <c>torch.*Storage</c>
/// types and <c>argparse.Namespace</c>) are recognised, and none of them runs code; any other global, unknown
/// opcode, truncated or inconsistent data throws <see cref="InvalidDataException"/> naming the file and the problem.
/// Nothing partial escapes: on an error every tensor created so far is disposed.
/// </summary>
public static class PthReader
{
    /// <summary>The keys under which a checkpoint may keep its state dict, in the order they are tried.</summary>
    public static IReadOnlyList<string> StateDictKeys { get; } = ["model", "module", "state_dict"];

    /// <summary>
    /// The state dict of the checkpoint at <paramref name="path"/>: the top-level dict itself when its values are all
    /// tensors, otherwise the first of <see cref="StateDictKeys"/> whose value is a dict of tensors. Tensors come back
    /// in file order, in the stored dtype (float32, float16, bfloat16, float64, int64, int32, uint8 or bool), on the
    /// CPU and contiguous; the caller owns (and disposes) them. Other entries (optimizer state, arguments) are not
    /// materialised.
    /// </summary>
    /// <param name="path">A <c>.pth</c> file written by <c>torch.save</c> (zip format).</param>
    /// <exception cref="InvalidDataException">The file is not a readable checkpoint, or holds no state dict.</exception>
    public static IReadOnlyDictionary<string, Tensor> LoadStateDict(string path)
    {
        TorchRuntime.EnsureLoaded();
        using var archive = PthArchive.Open(path);
        var root = PickleMachine.Load(archive.ReadPickle(), path, TorchPickleResolver.Instance);
        var entries = FindStateDict(root, path);
        var builder = new TensorBuilder(archive, entries.Select(e => e.Value.Storage));
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (NewDisposeScope())
        {
            foreach (var (name, view) in entries)
                result[name] = builder.Build(view);
            foreach (var t in result.Values)
                t.MoveToOuterDisposeScope();
        }
        return result;
    }

    /// <summary>
    /// The whole top-level object of the checkpoint at <paramref name="path"/>, as plain .NET values: dicts as
    /// <see cref="Dictionary{TKey, TValue}"/> of <c>object</c> to <c>object?</c> (insertion order kept; an
    /// <c>OrderedDict</c>'s attributes such as <c>_metadata</c> are dropped), lists as <see cref="List{T}"/> of
    /// <c>object?</c>, tuples as <c>object?[]</c>, ints as <see cref="long"/> (<see cref="System.Numerics.BigInteger"/>
    /// beyond 64 bits), floats as <see cref="double"/>, <see cref="string"/>, <see cref="bool"/>, <c>null</c>,
    /// bytes as <c>byte[]</c>, tensors (and parameters) as CPU <see cref="Tensor"/>s in the stored dtype, a bare
    /// storage as a 1-D tensor of its elements, an <c>argparse.Namespace</c> as a <see cref="PickledNamespace"/>, and
    /// an allowed class named as a value (e.g. a storage type) as its qualified name. The caller owns the tensors.
    /// </summary>
    /// <param name="path">A <c>.pth</c> file written by <c>torch.save</c> (zip format).</param>
    /// <exception cref="InvalidDataException">The file is not a readable checkpoint.</exception>
    public static object? LoadPickle(string path)
    {
        TorchRuntime.EnsureLoaded();
        using var archive = PthArchive.Open(path);
        var root = PickleMachine.Load(archive.ReadPickle(), path, TorchPickleResolver.Instance);
        var uses = new List<StorageRef>();
        PickleTree.Map(root, leaf =>
        {
            if (leaf is TensorRef t)
                uses.Add(t.Storage);
            else if (leaf is StorageRef s)
                uses.Add(s);
            return leaf;
        }, path);
        var builder = new TensorBuilder(archive, uses);
        var created = new List<Tensor>();
        using (NewDisposeScope())
        {
            root = PickleTree.Map(root, leaf =>
            {
                switch (leaf)
                {
                    case TensorRef t:
                        created.Add(builder.Build(t));
                        return created[^1];
                    case StorageRef s:
                        created.Add(builder.Build(s));
                        return created[^1];
                    case PickleGlobal g:
                        return g.QualifiedName;
                    default:
                        return leaf;
                }
            }, path);
            foreach (var t in created)
                t.MoveToOuterDisposeScope();
        }
        return root;
    }

    private static List<KeyValuePair<string, TensorRef>> FindStateDict(object? root, string path)
    {
        if (root is not Dictionary<object, object?> top)
            throw CheckpointErrors.Create(path, $"the checkpoint's top level is a {PickleMachine.Describe(root)}, not a dict, so it holds no state dict");
        if (TensorEntries(top, out _) is { } direct)
            return direct;
        var reasons = new List<string>();
        foreach (var key in StateDictKeys)
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
            $"{string.Join(", ", StateDictKeys.Select(k => $"'{k}'"))} holds a dict of tensors{detail}");
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
