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
                $"not a readable zip archive ({e.Message.TrimEnd('.')}); a .pth written by torch.save since PyTorch 1.6 is a zip, " +
                "so the file is truncated, corrupt, or in the legacy pre-1.6 format", e);
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
    public byte[] ReadPickle() => Read(Prefix + "data.pkl", MaxPickleBytes, "data.pkl");

    /// <summary>
    /// The bytes of storage <paramref name="key"/> (<c>data/&lt;key&gt;</c>); throws when the entry is missing.
    /// </summary>
    public byte[] ReadStorage(string key)
    {
        var name = $"{Prefix}data/{key}";
        if (!_entries.ContainsKey(name))
            throw CheckpointErrors.Create(Path, $"the pickle refers to storage '{key}' but the archive has no entry '{name}'");
        return Read(name, Array.MaxLength, $"storage '{key}'");
    }

    /// <inheritdoc />
    public void Dispose() => _zip.Dispose();

    private void CheckByteOrder()
    {
        if (!_entries.ContainsKey(Prefix + "byteorder"))
            return; // Written since PyTorch 1.11; older files are little-endian.
        var order = Encoding.ASCII.GetString(Read(Prefix + "byteorder", 64, "byteorder")).Trim();
        if (order != "little")
            throw CheckpointErrors.Create(Path, $"the storages are stored '{order}'-endian; this reader reads little-endian checkpoints only");
        if (!BitConverter.IsLittleEndian)
            throw CheckpointErrors.Create(Path, "this machine is big-endian; the reader assumes little-endian hardware");
    }

    private byte[] Read(string name, long limit, string what)
    {
        var entry = _entries[name];
        var length = entry.Length;
        if (length > limit)
            throw CheckpointErrors.Create(Path, $"{what} claims {length} bytes, more than the {limit} this reader accepts");
        try
        {
            var bytes = new byte[length];
            using var stream = entry.Open();
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw CheckpointErrors.Create(Path, $"{what} cannot be read from the zip archive ({e.Message.TrimEnd('.')}); the file is truncated or corrupt", e);
        }
    }
}
