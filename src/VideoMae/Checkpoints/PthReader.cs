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
/// Nothing partial escapes: on an error every tensor created so far is disposed. Reads are bounded (issue 24): a view
/// may not reach past, repeat or outnumber its storage, and the storages read may not exceed the bytes of the tensors
/// built plus a margin (see <see cref="LoadBudget"/>), so a small file cannot make a load allocate gigabytes.
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
        using var stateDict = PthStateDict.Open(path);
        return stateDict.Load(LoadBudget.For(path, stateDict.ByteCount));
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
        var bytes = 0L;
        PickleTree.Map(root, leaf =>
        {
            if (leaf is TensorRef t)
            {
                uses.Add(t.Storage);
                bytes = SaturatingAdd(bytes, t.ByteCount);
            }
            else if (leaf is StorageRef s)
            {
                uses.Add(s);
                bytes = SaturatingAdd(bytes, s.Numel > long.MaxValue / s.Type.ElementSize ? long.MaxValue : s.Numel * s.Type.ElementSize);
            }
            return leaf;
        }, path);
        var builder = new TensorBuilder(archive, uses, LoadBudget.For(path, bytes));
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

    private static long SaturatingAdd(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;
}
