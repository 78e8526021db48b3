using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Checkpoints;

/// <summary>
/// Reads and writes safetensors files: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (<c>name → {dtype, shape, data_offsets}</c> plus an optional <c>__metadata__</c> string map), then the raw
/// little-endian data. Every length and offset is checked against the file before anything is allocated.
/// </summary>
public static class Safetensors
{
    private static readonly Dictionary<string, (ScalarType Type, int Size)> DTypes = new(StringComparer.Ordinal)
    {
        ["F32"] = (ScalarType.Float32, 4),
        ["F16"] = (ScalarType.Float16, 2),
        ["BF16"] = (ScalarType.BFloat16, 2),
        ["F64"] = (ScalarType.Float64, 8),
        ["U8"] = (ScalarType.Byte, 1),
        ["BOOL"] = (ScalarType.Bool, 1),
        ["I32"] = (ScalarType.Int32, 4),
        ["I64"] = (ScalarType.Int64, 8),
    };

    /// <summary>One tensor's entry in the header.</summary>
    /// <param name="Name">Tensor name.</param>
    /// <param name="DType">safetensors dtype, e.g. F32.</param>
    /// <param name="Shape">Dimensions.</param>
    /// <param name="Begin">First byte in the data buffer.</param>
    /// <param name="End">One past the last byte.</param>
    public sealed record Entry(string Name, string DType, long[] Shape, long Begin, long End);

    /// <summary>The header of <paramref name="path"/>: entries in file order and the metadata.</summary>
    public static (IReadOnlyList<Entry> Entries, IReadOnlyDictionary<string, string> Metadata, long DataStart) ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        var length = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (length < 8 || stream.Read(prefix) != 8)
            throw Bad(path, $"the file has {length} bytes; a safetensors file starts with an 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(length - 8) || headerLength > 100_000_000)
            throw Bad(path, $"the header claims {headerLength} bytes but only {length - 8} follow");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataStart = 8 + (long)headerLength;
        var dataLength = length - dataStart;
        JsonDocument json;
        try { json = JsonDocument.Parse(header); }
        catch (JsonException e) { throw Bad(path, $"the header is not valid JSON ({e.Message})"); }
        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object)
                throw Bad(path, "the header is not a JSON object");
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                    throw Bad(path, $"the tensor name '{property.Name}' appears twice");
                if (property.Name == "__metadata__")
                {
                    foreach (var m in property.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    continue;
                }
                entries.Add(ParseEntry(path, property, dataLength));
            }
            var sorted = entries.OrderBy(e => e.Begin).ToList();
            for (var i = 1; i < sorted.Count; i++)
                if (sorted[i].Begin < sorted[i - 1].End && sorted[i].End > sorted[i].Begin)
                    throw Bad(path, $"the data of '{sorted[i].Name}' overlaps '{sorted[i - 1].Name}'");
            return (entries, metadata, dataStart);
        }
    }

    /// <summary>The <c>__metadata__</c> map of <paramref name="path"/>, empty when absent.</summary>
    public static IReadOnlyDictionary<string, string> LoadMetadata(string path) => ReadHeader(path).Metadata;

    /// <summary>
    /// All tensors of <paramref name="path"/>, in file order, with the stored dtype, on <paramref name="device"/> (CPU by
    /// default). The caller owns (and disposes) them.
    /// </summary>
    public static IReadOnlyDictionary<string, Tensor> Load(string path, Device? device = null)
    {
        TorchRuntime.EnsureLoaded();
        var (entries, _, dataStart) = ReadHeader(path);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var scope = NewDisposeScope();
        using var stream = File.OpenRead(path);
        foreach (var entry in entries)
        {
            var bytes = new byte[entry.End - entry.Begin];
            stream.Seek(dataStart + entry.Begin, SeekOrigin.Begin);
            stream.ReadExactly(bytes);
            var t = FromBytes(bytes, entry.DType).reshape(entry.Shape);
            result[entry.Name] = device is null ? t.contiguous() : t.to(device);
        }
        foreach (var t in result.Values)
            t.MoveToOuterDisposeScope();
        return result;
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> (any device; F32/F16/BF16/F64/U8/BOOL/I32/I64), sorted by name with contiguous
    /// offsets and the data aligned to 8 bytes, atomically: a temporary file in the same folder, then a rename.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        TorchRuntime.EnsureLoaded();
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var blobs = new List<byte[]>();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is { Count: > 0 })
            header["__metadata__"] = metadata.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value);
        long offset = 0;
        foreach (var name in names)
        {
            var t = tensors[name];
            var dtype = DTypes.FirstOrDefault(p => p.Value.Type == t.dtype).Key
                ?? throw new ArgumentException($"tensor '{name}' has dtype {t.dtype}; safetensors export supports {string.Join(", ", DTypes.Keys)}.", nameof(tensors));
            var bytes = Bytes(t);
            header[name] = new { dtype, shape = t.shape, data_offsets = new[] { offset, offset + bytes.Length } };
            blobs.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        var padded = (json.Length + 7) / 8 * 8;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(folder, $"{Path.GetFileName(path)}.tmp-{Guid.NewGuid():N}");
        try
        {
            using (var stream = File.Create(temporary))
            {
                Span<byte> prefix = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded);
                stream.Write(prefix);
                stream.Write(json);
                for (var i = json.Length; i < padded; i++)
                    stream.WriteByte((byte)' ');
                foreach (var blob in blobs)
                    stream.Write(blob);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    // TorchSharp's frombuffer converts element values instead of reinterpreting bytes, so decode by dtype here.
    // Half and bfloat16 widen exactly to float32 and narrow back exactly.
    private static Tensor FromBytes(byte[] bytes, string dtype) => dtype switch
    {
        "F32" => tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray()),
        "F64" => tensor(MemoryMarshal.Cast<byte, double>(bytes).ToArray()),
        "I64" => tensor(MemoryMarshal.Cast<byte, long>(bytes).ToArray()),
        "I32" => tensor(MemoryMarshal.Cast<byte, int>(bytes).ToArray()),
        "U8" => tensor(bytes),
        "BOOL" => tensor(bytes.Select(b => b != 0).ToArray()),
        "F16" => tensor(MemoryMarshal.Cast<byte, Half>(bytes).ToArray().Select(h => (float)h).ToArray()).to_type(ScalarType.Float16),
        "BF16" => tensor(MemoryMarshal.Cast<byte, ushort>(bytes).ToArray().Select(b => BitConverter.Int32BitsToSingle(b << 16)).ToArray()).to_type(ScalarType.BFloat16),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    private static byte[] Bytes(Tensor t)
    {
        using var scope = NewDisposeScope();
        var cpu = t.detach().cpu().contiguous();
        if (cpu.numel() == 0)
            return [];
        return cpu.bytes.ToArray();
    }

    private static Entry ParseEntry(string path, JsonProperty property, long dataLength)
    {
        var name = property.Name;
        var v = property.Value;
        if (v.ValueKind != JsonValueKind.Object || !v.TryGetProperty("dtype", out var dtypeJson) || !v.TryGetProperty("shape", out var shapeJson) || !v.TryGetProperty("data_offsets", out var offsetsJson))
            throw Bad(path, $"'{name}' lacks dtype, shape or data_offsets");
        var dtype = dtypeJson.GetString() ?? "";
        if (!DTypes.TryGetValue(dtype, out var info))
            throw Bad(path, $"'{name}' has the unsupported dtype '{dtype}' (supported: {string.Join(", ", DTypes.Keys)})");
        var shape = shapeJson.EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var offsets = offsetsJson.EnumerateArray().Select(d => d.GetInt64()).ToArray();
        if (shape.Any(d => d < 0) || offsets.Length != 2)
            throw Bad(path, $"'{name}' has a negative dimension or not two data offsets");
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin < 0 || end < begin || end > dataLength)
            throw Bad(path, $"'{name}' has data offsets [{begin}, {end}) outside the {dataLength}-byte data buffer");
        var expected = shape.Aggregate(1L, (a, d) => a * d) * info.Size;
        if (end - begin != expected)
            throw Bad(path, $"'{name}' holds {end - begin} bytes but {dtype} [{string.Join(", ", shape)}] needs {expected}");
        return new Entry(name, dtype, shape, begin, end);
    }

    private static InvalidDataException Bad(string path, string problem) => new($"{path}: {problem}.");
}
