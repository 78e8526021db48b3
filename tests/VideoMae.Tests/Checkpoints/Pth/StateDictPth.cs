using System.IO.Compression;
using static TorchSharp.torch;

namespace VideoMae.Tests.Checkpoints.Pth;

/// <summary>Writes a state dict as a torch.save-style .pth (one storage per tensor, contiguous), so tests can build checkpoints in any naming or dtype.</summary>
internal static class StateDictPth
{
    /// <param name="path">The file to write.</param>
    /// <param name="stateDict">The tensors, each on a storage of its own named by its position ("0", "1", …).</param>
    /// <param name="topKey">The top-level key holding the state dict; null writes the state dict itself at the top.</param>
    /// <param name="extra">Hand-written entries after the state dict's, e.g. hostile views; their storages go in <paramref name="extraStorages"/>.</param>
    /// <param name="extraStorages">Storage key → bytes for <paramref name="extra"/>; keys must not be plain numbers.</param>
    /// <param name="compression">How the zip entries are stored (torch.save stores them uncompressed).</param>
    public static string Write(string path, IReadOnlyDictionary<string, Tensor> stateDict, string? topKey = "model",
        IReadOnlyList<(string Key, Action<PickleBuilder> Value)>? extra = null, IReadOnlyDictionary<string, byte[]>? extraStorages = null,
        CompressionLevel compression = CompressionLevel.NoCompression)
    {
        var storages = new Dictionary<string, byte[]>();
        var items = stateDict.Select((entry, i) =>
        {
            var key = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var data = entry.Value.detach().cpu().contiguous();
            storages[key] = data.bytes.ToArray();
            var storage = StorageType(entry.Value.dtype);
            var shape = entry.Value.shape;
            return (entry.Key, (Action<PickleBuilder>)(p => p.Tensor(storage, key, shape)));
        }).Concat(extra ?? []).ToArray();
        foreach (var (key, bytes) in extraStorages ?? new Dictionary<string, byte[]>())
            storages.Add(key, bytes);
        var pickle = new PickleBuilder().Proto();
        if (topKey is null)
            pickle.Dict(items);
        else
            pickle.Dict((topKey, p => p.Dict(items)));
        return PthFiles.Write(path, pickle.Stop().ToArray(), storages, compression: compression);
    }

    private static string StorageType(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "FloatStorage",
        ScalarType.Float16 => "HalfStorage",
        ScalarType.BFloat16 => "BFloat16Storage",
        ScalarType.Float64 => "DoubleStorage",
        ScalarType.Int64 => "LongStorage",
        _ => throw new ArgumentException($"no storage type for {dtype} in these tests."),
    };
}
