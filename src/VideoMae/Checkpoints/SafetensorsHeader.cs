using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Unicode;

namespace VideoMae.Checkpoints;

/// <summary>
/// The header of a safetensors file, read and checked without touching the tensor data: every entry's dtype is
/// known, its byte count matches its shape, its bytes lie inside the data buffer and overlap no other entry's.
/// <see cref="Safetensors.ReadHeader"/> reads one.
/// </summary>
/// <param name="Entries">The tensors, in the order the JSON header lists them.</param>
/// <param name="Metadata">The <c>__metadata__</c> map in header order; empty when the file has none.</param>
/// <param name="DataStart">The file position where the data buffer begins: 8 + the header length.</param>
/// <param name="DataLength">The size of the data buffer in bytes (everything after the header).</param>
public sealed record SafetensorsHeader(
    IReadOnlyList<SafetensorsEntry> Entries, IReadOnlyDictionary<string, string> Metadata, long DataStart, long DataLength)
{
    /// <summary>The reserved header key that holds the string-to-string metadata instead of a tensor.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>
    /// The largest header this reader accepts. The header is read into memory whole, so a corrupt length must not
    /// decide an allocation; real headers are kilobytes (a few hundred bytes per tensor).
    /// </summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads the header from the start of <paramref name="stream"/>, naming <paramref name="path"/> in errors.</summary>
    internal static SafetensorsHeader Read(Stream stream, string path)
    {
        var fileLength = stream.Length;
        if (fileLength < 8)
            throw Safetensors.Invalid(path, $"the file has {fileLength} bytes, fewer than the 8-byte header length a safetensors file starts with");
        Span<byte> prefix = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - 8))
            throw Safetensors.Invalid(path, $"the header length is {headerLength} bytes but only {fileLength - 8} bytes follow it");
        if (headerLength > MaxHeaderBytes)
            throw Safetensors.Invalid(path, $"the header length {headerLength} bytes exceeds the {MaxHeaderBytes}-byte limit");
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;
        var (entries, metadata) = Parse(json, dataLength, path);
        return new SafetensorsHeader(entries, metadata, dataStart, dataLength);
    }

    private static (List<SafetensorsEntry>, IReadOnlyDictionary<string, string>) Parse(byte[] json, long dataLength, string path)
    {
        // JsonDocument defers decoding property names, so bad UTF-8 would otherwise surface later as a non-I/O exception.
        if (!Utf8.IsValid(json))
            throw Safetensors.Invalid(path, "the header is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Safetensors.Invalid(path, $"the header is not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Safetensors.Invalid(path, $"the header is a JSON {Kind(root)}, not an object");
            var entries = new List<SafetensorsEntry>();
            IReadOnlyDictionary<string, string> metadata = new OrderedDictionary<string, string>();
            // JsonDocument keeps duplicate keys; the format has one entry per name.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Safetensors.Invalid(path, $"the name '{property.Name}' appears more than once in the header");
                if (property.Name == MetadataKey)
                    metadata = ParseMetadata(property.Value, path);
                else
                    entries.Add(ParseEntry(property.Name, property.Value, dataLength, path));
            }
            CheckNoOverlap(entries, path);
            return (entries, metadata);
        }
    }

    private static OrderedDictionary<string, string> ParseMetadata(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Safetensors.Invalid(path, $"{MetadataKey} is a JSON {Kind(value)}, not an object of strings");
        var metadata = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Safetensors.Invalid(path, $"{MetadataKey} maps '{item.Name}' to a JSON {Kind(item.Value)}, not a string");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Safetensors.Invalid(path, $"{MetadataKey} has the key '{item.Name}' more than once");
        }
        return metadata;
    }

    private static SafetensorsEntry ParseEntry(string name, JsonElement value, long dataLength, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Safetensors.Invalid(path, $"tensor '{name}' is described by a JSON {Kind(value)}, not an object with dtype, shape and data_offsets");
        if (!value.TryGetProperty("dtype", out var dtypeJson) || dtypeJson.ValueKind != JsonValueKind.String)
            throw Safetensors.Invalid(path, $"tensor '{name}' has no dtype string");
        var dtype = dtypeJson.GetString()!;
        if (!SafetensorsDTypes.TryParse(dtype, out _, out var elementSize))
            throw Safetensors.Invalid(path, $"tensor '{name}' has the unknown dtype '{dtype}' (known: {SafetensorsDTypes.Names})");
        var shape = NonNegativeIntegers(value, "shape", name, path);
        var offsets = NonNegativeIntegers(value, "data_offsets", name, path);
        if (offsets.Length != 2)
            throw Safetensors.Invalid(path, $"tensor '{name}' has {offsets.Length} data_offsets instead of two (begin, end)");
        var (begin, end) = (offsets[0], offsets[1]);
        if (end < begin)
            throw Safetensors.Invalid(path, $"tensor '{name}' has data_offsets [{begin}, {end}] whose end is before its begin");
        if (end > dataLength)
            throw Safetensors.Invalid(path, $"tensor '{name}' has data_offsets [{begin}, {end}] outside the {dataLength}-byte data buffer");
        var expected = TensorShapes.ByteCount(shape, elementSize)
            ?? throw Safetensors.Invalid(path, $"tensor '{name}' has the shape [{string.Join(", ", shape)}], too large to address");
        if (end - begin != expected)
            throw Safetensors.Invalid(path,
                $"tensor '{name}' has {end - begin} bytes of data but {dtype} [{string.Join(", ", shape)}] needs {expected}");
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static long[] NonNegativeIntegers(JsonElement entry, string key, string name, string path)
    {
        if (!entry.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Safetensors.Invalid(path, $"tensor '{name}' has no {key} list");
        var values = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out values[i]) || values[i] < 0)
                throw Safetensors.Invalid(path, $"tensor '{name}' has {key} {array.GetRawText()}, not a list of non-negative integers");
            i++;
        }
        return values;
    }

    private static void CheckNoOverlap(List<SafetensorsEntry> entries, string path)
    {
        // Empty tensors own no bytes, so they overlap nothing wherever their offsets point.
        SafetensorsEntry? furthest = null;
        foreach (var entry in entries.Where(e => e.ByteLength > 0).OrderBy(e => e.Begin))
        {
            if (furthest is not null && entry.Begin < furthest.End)
                throw Safetensors.Invalid(path,
                    $"the data of tensor '{entry.Name}' [{entry.Begin}, {entry.End}) overlaps that of '{furthest.Name}' [{furthest.Begin}, {furthest.End})");
            if (furthest is null || entry.End > furthest.End)
                furthest = entry;
        }
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();
}
