using static TorchSharp.torch;

namespace VideoMae.Tests.Checkpoints.Pth;

/// <summary>Writes a state dict as a torch.save-style .pth (one storage per tensor, contiguous), so tests can build checkpoints in any naming or dtype.</summary>
internal static class StateDictPth
{
    public static string Write(string path, IReadOnlyDictionary<string, Tensor> stateDict, string? topKey = "model")
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
        }).ToArray();
        var pickle = new PickleBuilder().Proto();
        if (topKey is null)
            pickle.Dict(items);
        else
            pickle.Dict((topKey, p => p.Dict(items)));
        return PthFiles.Write(path, pickle.Stop().ToArray(), storages);
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
