using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Checkpoints;

/// <summary>
/// Reads and writes safetensors files: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (<c>name → {dtype, shape, data_offsets}</c> plus an optional <c>__metadata__</c> string map), then the raw
/// little-endian, row-major tensor data. Supported dtypes: F32, F16, BF16, F64, U8, BOOL, I32, I64.
/// Every length and offset is checked against the file (see <see cref="SafetensorsHeader"/>) before data is read;
/// a malformed file throws <see cref="InvalidDataException"/> whose message starts with the file's path.
/// </summary>
public static class Safetensors
{
    // TorchSharp exposes a tensor's memory as a Span, which int-indexes; larger tensors go through in slices.
    private const long MaxChunkBytes = 1L << 30;

    /// <summary>Reads and checks the header of <paramref name="path"/> without reading any tensor data.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed safetensors file.</exception>
    public static SafetensorsHeader ReadHeader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return SafetensorsHeader.Read(stream, path);
    }

    /// <summary>The <c>__metadata__</c> map of <paramref name="path"/> in header order; empty when the file has none.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed safetensors file.</exception>
    public static IReadOnlyDictionary<string, string> LoadMetadata(string path) => ReadHeader(path).Metadata;

    /// <summary>
    /// Every tensor of <paramref name="path"/>, in the order the file's JSON header lists them (an ordered dictionary),
    /// with the stored dtype, contiguous, on <paramref name="device"/> (the CPU when <c>null</c>). The caller owns the
    /// tensors; inside a dispose scope they join that scope. On an error no tensor escapes.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed safetensors file, or a BOOL tensor holds a byte other than 0 or 1.</exception>
    public static IReadOnlyDictionary<string, Tensor> Load(string path, Device? device = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        TorchRuntime.EnsureLoaded();
        using var stream = File.OpenRead(path);
        var header = SafetensorsHeader.Read(stream, path);
        return Read(stream, header, path, LoadBudget.For(path, header.Entries.Sum(e => e.ByteLength)), device);
    }

    /// <summary>
    /// The tensors of <paramref name="header"/>, read from <paramref name="stream"/> straight into tensor memory, each
    /// counted against <paramref name="budget"/> before it is allocated; see <see cref="Load"/>.
    /// </summary>
    internal static IReadOnlyDictionary<string, Tensor> Read(Stream stream, SafetensorsHeader header, string path, LoadBudget budget, Device? device = null)
    {
        var result = new OrderedDictionary<string, Tensor>(header.Entries.Count, StringComparer.Ordinal);
        using (NewDisposeScope())
        {
            foreach (var entry in header.Entries)
            {
                SafetensorsDTypes.TryParse(entry.DType, out var type, out _);
                budget.Spend(entry.ByteLength, $"tensor '{entry.Name}'");
                var t = empty(entry.Shape.ToArray(), type);
                stream.Position = header.DataStart + entry.Begin;
                ForEachChunk(t, MaxChunkBytes, chunk => stream.ReadExactly(chunk));
                // Any other byte in a bool tensor is undefined behaviour for libtorch's kernels.
                if (type == ScalarType.Bool)
                    ForEachChunk(t, MaxChunkBytes, chunk =>
                    {
                        if (chunk.IndexOfAnyExcept((byte)0, (byte)1) >= 0)
                            throw Invalid(path, $"BOOL tensor '{entry.Name}' holds a byte other than 0 or 1");
                    });
                result.Add(entry.Name, device is null ? t : t.to(device));
            }
            foreach (var t in result.Values)
                t.MoveToOuterDisposeScope();
        }
        return result;
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> (on any device, in any supported dtype) to <paramref name="path"/>: the header
    /// lists <c>__metadata__</c> (when non-empty, keys sorted) and then the tensors sorted by name (ordinal), with
    /// contiguous data offsets in that order, padded with spaces so the data starts at a multiple of 8 bytes. The same
    /// content always gives the same bytes. The file is replaced atomically (<see cref="AtomicFile"/>), so a failed
    /// write (a full disk) leaves the previous file as it was and no temporary file behind.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor is null, named <c>__metadata__</c>, or has an unsupported dtype; a metadata value is null.</exception>
    /// <inheritdoc cref="AtomicFile.Write(string, Action{Stream}, string)" path="/exception"/>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        TorchRuntime.EnsureLoaded();
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToArray();
        var header = EncodeHeader(names, tensors, metadata);
        AtomicFile.Write(path, stream =>
        {
            var prefix = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
            stream.Write(prefix);
            stream.Write(header);
            foreach (var name in names)
            {
                using var scope = NewDisposeScope();
                // detach() gives a handle of our own, so the scope never disposes the caller's tensor.
                var data = tensors[name].detach().cpu().contiguous();
                ForEachChunk(data, MaxChunkBytes, chunk => stream.Write(chunk));
            }
        }, "the safetensors");
    }

    /// <summary>The error every malformed file raises: the path, then the problem.</summary>
    internal static InvalidDataException Invalid(string path, string problem, Exception? inner = null) =>
        new($"{path}: {problem}.", inner);

    internal delegate void ByteChunkAction(Span<byte> chunk);

    /// <summary>
    /// Hands the memory of a contiguous CPU tensor to <paramref name="action"/> in order, in pieces of at most
    /// <paramref name="maxChunkBytes"/> bytes (whole elements); nothing for an empty tensor.
    /// </summary>
    internal static void ForEachChunk(Tensor contiguous, long maxChunkBytes, ByteChunkAction action)
    {
        var count = contiguous.numel();
        if (count == 0)
            return;
        var perChunk = Math.Max(1, maxChunkBytes / contiguous.ElementSize);
        if (count <= perChunk)
        {
            action(contiguous.bytes);
            return;
        }
        using var scope = NewDisposeScope();
        var flat = contiguous.view(-1);
        for (long start = 0; start < count; start += perChunk)
            action(flat.narrow(0, start, Math.Min(perChunk, count - start)).bytes);
    }

    private static byte[] EncodeHeader(string[] names, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // The relaxed encoder leaves non-ASCII and '+', '<' readable; JSON still escapes quotes and control characters.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafetensorsHeader.MetadataKey);
                foreach (var key in metadata.Keys.Order(StringComparer.Ordinal))
                    json.WriteString(key, metadata[key] ?? throw new ArgumentException($"metadata '{key}' is null.", nameof(metadata)));
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var name in names)
            {
                if (name == SafetensorsHeader.MetadataKey)
                    throw new ArgumentException($"'{name}' is reserved for the metadata and cannot name a tensor.", nameof(tensors));
                var t = tensors[name] ?? throw new ArgumentException($"tensor '{name}' is null.", nameof(tensors));
                if (!SafetensorsDTypes.TryName(t.dtype, out var dtype, out var elementSize))
                    throw new ArgumentException(
                        $"tensor '{name}' has dtype {t.dtype}; safetensors files here hold {SafetensorsDTypes.Names}.", nameof(tensors));
                var length = t.numel() * elementSize;
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (var d in t.shape)
                    json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += length;
            }
            json.WriteEndObject();
        }
        var header = new byte[(buffer.WrittenCount + 7) / 8 * 8];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }
}
