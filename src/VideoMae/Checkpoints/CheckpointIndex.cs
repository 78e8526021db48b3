using VideoMae.Checkpoints.Pickle;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Checkpoints;

/// <summary>
/// A checkpoint file (<c>.pth</c> or safetensors, told apart by content) opened and checked without building any
/// tensor: its names, shapes and dtypes, each checked against the bytes the file holds for it. A loader compares
/// <see cref="Shapes"/> with its model first and calls <see cref="Load"/> only when they fit, so a file can make a load
/// allocate no more than the tensors the model takes (issue 24). Holds the file open until disposed.
/// </summary>
public sealed class CheckpointIndex : IDisposable
{
    private readonly PthStateDict? _pth;
    private readonly FileStream? _stream;
    private readonly SafetensorsHeader? _header;

    private CheckpointIndex(string path, IReadOnlyList<CheckpointEntry> entries, IReadOnlyDictionary<string, string> metadata,
        PthStateDict? pth, FileStream? stream, SafetensorsHeader? header)
    {
        Path = path;
        Entries = entries;
        Metadata = metadata;
        ByteCount = entries.Sum(e => e.ByteCount);
        (_pth, _stream, _header) = (pth, stream, header);
    }

    /// <summary>The checkpoint file, named in every error.</summary>
    public string Path { get; }

    /// <summary>The state dict's tensors, in file order.</summary>
    public IReadOnlyList<CheckpointEntry> Entries { get; }

    /// <summary>The safetensors <c>__metadata__</c> map; empty for <c>.pth</c> files.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The bytes of all the tensors once built; <see cref="Load"/> reads no more than this plus a small margin.</summary>
    public long ByteCount { get; }

    /// <summary>Opens <paramref name="path"/> and checks its structure; reads no tensor data.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>, or a folder.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is neither a readable <c>.pth</c> nor a safetensors file (the message says what it is not), or a tensor's
    /// description does not fit the bytes the file holds for it.
    /// </exception>
    public static CheckpointIndex Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new FileNotFoundException($"{path}: is a folder; expected a checkpoint file.", path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such checkpoint file.", path);
        if (CheckpointFormat.Detect(path) == CheckpointFormat.Kind.Zip)
        {
            var pth = PthStateDict.Open(path);
            var entries = pth.Entries.Select(e => new CheckpointEntry(e.Key, e.Value.Size, e.Value.Storage.Type.DType, e.Value.ByteCount)).ToList();
            return new CheckpointIndex(path, entries, new Dictionary<string, string>(), pth, null, null);
        }
        var stream = File.OpenRead(path);
        try
        {
            var header = SafetensorsHeader.Read(stream, path);
            var entries = header.Entries.Select(e =>
            {
                SafetensorsDTypes.TryParse(e.DType, out var type, out _);
                return new CheckpointEntry(e.Name, e.Shape, type, e.ByteLength);
            }).ToList();
            return new CheckpointIndex(path, entries, header.Metadata, null, stream, header);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Every tensor as a tensor on the meta device: its shape and dtype, no data and no memory. Key mapping and
    /// architecture inference work on these as on the real tensors. They join the current dispose scope.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Shapes()
    {
        TorchRuntime.EnsureLoaded();
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in Entries)
            result.Add(e.Name, empty(e.Shape.ToArray(), e.DType, device: META));
        return result;
    }

    /// <summary>
    /// Every tensor, on the CPU in the stored dtype, contiguous, in file order; the caller owns them (inside a dispose
    /// scope they join it). The bytes read may not exceed <see cref="ByteCount"/> plus a margin of 1/16 and 16 MiB: a
    /// <c>.pth</c> storage much larger than the views on it is refused, and nothing escapes an error.
    /// </summary>
    /// <exception cref="InvalidDataException">The data cannot be read, or would exceed the bound.</exception>
    public IReadOnlyDictionary<string, Tensor> Load()
    {
        TorchRuntime.EnsureLoaded();
        var budget = LoadBudget.For(Path, ByteCount);
        return _pth is not null ? _pth.Load(budget) : Safetensors.Read(_stream!, _header!, Path, budget);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _pth?.Dispose();
        _stream?.Dispose();
    }
}
