using System.IO.Compression;
using System.Text;

namespace VideoMae.Checkpoints.Pickle;

/// <summary>
/// The zip layout <c>torch.save</c> writes (PyTorch 1.6 and later): one top folder holding <c>data.pkl</c>, the
/// storages as <c>data/&lt;key&gt;</c>, and usually <c>version</c>, <c>byteorder</c> and
/// <c>.data/serialization_id</c>. Every zip failure becomes an <see cref="InvalidDataException"/> naming the file.
/// </summary>
internal sealed class PthArchive : IDisposable
{
    /// <summary>The largest <c>data.pkl</c> accepted; real ones are kilobytes to a few megabytes.</summary>
    public const long MaxPickleBytes = 256L << 20;

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;

    private PthArchive(string path, ZipArchive zip, string prefix, Dictionary<string, ZipArchiveEntry> entries)
    {
        Path = path;
        _zip = zip;
        Prefix = prefix;
        _entries = entries;
    }

    /// <summary>The checkpoint file, named in every error.</summary>
    public string Path { get; }

    /// <summary>The top folder with its slash, e.g. <c>archive/</c>; empty when the entries sit at the root.</summary>
    public string Prefix { get; }

    /// <summary>Opens <paramref name="path"/> and finds its <c>data.pkl</c>.</summary>
    public static PthArchive Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such checkpoint file.", path);
        if (CheckpointFormat.NotZip(path) is { } problem)
            throw CheckpointErrors.Create(path, problem);
        var stream = File.OpenRead(path);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException)
        {
            stream.Dispose();
            throw CheckpointErrors.Create(path,
                $"not a readable zip archive ({e.Message.TrimEnd('.')}); it starts like one, so it is truncated or corrupt", e);
        }
        try
        {
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
                entries.TryAdd(entry.FullName, entry);
            var pickles = entries.Keys.Where(n => n == "data.pkl" || (n.EndsWith("/data.pkl", StringComparison.Ordinal) && n.IndexOf('/') == n.Length - "/data.pkl".Length)).ToList();
            if (pickles.Count == 0)
                throw CheckpointErrors.Create(path,
                    $"the zip archive has no data.pkl in its top folder ({entries.Count} entries, e.g. {string.Join(", ", entries.Keys.Take(3).Select(n => $"'{n}'"))}); it is not a torch.save checkpoint");
            if (pickles.Count > 1)
                throw CheckpointErrors.Create(path, $"the zip archive has {pickles.Count} data.pkl files ({string.Join(", ", pickles)}); expected one");
            var archive = new PthArchive(path, zip, pickles[0][..^"data.pkl".Length], entries);
            archive.CheckByteOrder();
            return archive;
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>The bytes of <c>data.pkl</c>.</summary>
    public byte[] ReadPickle() => ReadWhole(Prefix + "data.pkl", MaxPickleBytes, "data.pkl");

    /// <summary>
    /// Throws unless the archive has the entry <c>data/&lt;key&gt;</c> of <paramref name="storage"/> and it holds the
    /// bytes the pickle declares; reads nothing (the zip's directory says how long each entry is).
    /// </summary>
    public void CheckStorage(StorageRef storage) => StorageEntry(storage);

    /// <summary>The bytes <paramref name="storage"/> declares, read from the start of its entry.</summary>
    public byte[] ReadStorage(StorageRef storage)
    {
        var (name, length) = StorageEntry(storage);
        return Read(name, length, $"storage '{storage.Key}'");
    }

    /// <inheritdoc />
    public void Dispose() => _zip.Dispose();

    private void CheckByteOrder()
    {
        if (!_entries.ContainsKey(Prefix + "byteorder"))
            return; // Written since PyTorch 1.11; older files are little-endian.
        var order = Encoding.ASCII.GetString(ReadWhole(Prefix + "byteorder", 64, "byteorder")).Trim();
        if (order != "little")
            throw CheckpointErrors.Create(Path, $"the storages are stored '{order}'-endian; this reader reads little-endian checkpoints only");
        if (!BitConverter.IsLittleEndian)
            throw CheckpointErrors.Create(Path, "this machine is big-endian; the reader assumes little-endian hardware");
    }

    private (string Name, long Bytes) StorageEntry(StorageRef storage)
    {
        var name = $"{Prefix}data/{storage.Key}";
        if (!_entries.TryGetValue(name, out var entry))
            throw CheckpointErrors.Create(Path, $"the pickle refers to storage '{storage.Key}' but the archive has no entry '{name}'");
        var needed = storage.Numel > long.MaxValue / storage.Type.ElementSize ? long.MaxValue : storage.Numel * storage.Type.ElementSize;
        if (entry.Length < needed)
            throw CheckpointErrors.Create(Path, $"{storage} holds {entry.Length} bytes but the pickle declares {storage.Numel} elements ({needed} bytes); the storage is too short");
        if (needed > Array.MaxLength)
            throw CheckpointErrors.Create(Path, $"{storage} declares {needed} bytes, more than the {Array.MaxLength} this reader holds in one storage");
        return (name, needed);
    }

    private byte[] ReadWhole(string name, long limit, string what)
    {
        var length = _entries[name].Length;
        if (length > limit)
            throw CheckpointErrors.Create(Path, $"{what} claims {length} bytes, more than the {limit} this reader accepts");
        return Read(name, length, what);
    }

    // The first count bytes of the entry; count is at most its length.
    private byte[] Read(string name, long count, string what)
    {
        try
        {
            var bytes = new byte[count];
            using var stream = _entries[name].Open();
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw CheckpointErrors.Create(Path, $"{what} cannot be read from the zip archive ({e.Message.TrimEnd('.')}); the file is truncated or corrupt", e);
        }
    }
}
