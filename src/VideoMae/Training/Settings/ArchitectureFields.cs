using System.Text.Json;
using System.Text.Json.Nodes;
using VideoMae.Config;

namespace VideoMae.Training.Settings;

/// <summary>
/// The architecture fields a config may set, by their JSON names: an <c>"encoder"</c> object over
/// <see cref="VitConfig"/>, a <c>"decoder"</c> object over <see cref="DecoderConfig"/>. A config's object overrides
/// the fields it names on top of a preset; a run's config.json writes every field, so it reads back to the same model.
/// </summary>
public static class ArchitectureFields
{
    private sealed record Field<T>(string Name, Func<T, double> Get, Func<T, double, T> Set, bool Integer = true);

    private static readonly Field<VitConfig>[] Encoder =
    [
        new("image_size", c => c.ImageSize, (c, v) => c with { ImageSize = (int)v }),
        new("frames", c => c.Frames, (c, v) => c with { Frames = (int)v }),
        new("tubelet", c => c.Tubelet, (c, v) => c with { Tubelet = (int)v }),
        new("patch", c => c.Patch, (c, v) => c with { Patch = (int)v }),
        new("embed_dim", c => c.EmbedDim, (c, v) => c with { EmbedDim = (int)v }),
        new("depth", c => c.Depth, (c, v) => c with { Depth = (int)v }),
        new("num_heads", c => c.NumHeads, (c, v) => c with { NumHeads = (int)v }),
        new("mlp_ratio", c => c.MlpRatio, (c, v) => c with { MlpRatio = v }, Integer: false),
    ];

    private static readonly Field<DecoderConfig>[] Decoder =
    [
        new("embed_dim", c => c.EmbedDim, (c, v) => c with { EmbedDim = (int)v }),
        new("depth", c => c.Depth, (c, v) => c with { Depth = (int)v }),
        new("num_heads", c => c.NumHeads, (c, v) => c with { NumHeads = (int)v }),
    ];

    /// <summary>The encoder field names: image_size, frames, tubelet, patch, embed_dim, depth, num_heads, mlp_ratio.</summary>
    public static IReadOnlyList<string> EncoderNames { get; } = [.. Encoder.Select(f => f.Name)];

    /// <summary>The decoder field names: embed_dim, depth, num_heads.</summary>
    public static IReadOnlyList<string> DecoderNames { get; } = [.. Decoder.Select(f => f.Name)];

    /// <summary><paramref name="baseline"/> with the fields <paramref name="overrides"/> names (null: none); <paramref name="key"/> names the object in errors.</summary>
    /// <exception cref="ArgumentException">An unknown field, or a value that is not a number of the field's kind.</exception>
    public static VitConfig ApplyEncoder(VitConfig baseline, JsonNode? overrides, string key = "encoder") => Apply(baseline, overrides, Encoder, key);

    /// <inheritdoc cref="ApplyEncoder"/>
    public static DecoderConfig ApplyDecoder(DecoderConfig baseline, JsonNode? overrides, string key = "decoder") => Apply(baseline, overrides, Decoder, key);

    /// <summary>Every encoder field of <paramref name="config"/>.</summary>
    public static JsonObject Write(VitConfig config) => Write(config, Encoder);

    /// <summary>Every decoder field of <paramref name="config"/>.</summary>
    public static JsonObject Write(DecoderConfig config) => Write(config, Decoder);

    private static T Apply<T>(T baseline, JsonNode? overrides, Field<T>[] fields, string key)
    {
        if (overrides is null)
            return baseline;
        if (overrides is not JsonObject values)
            throw new ArgumentException($"{key} = {overrides.ToJsonString()}; expected an object of fields ({string.Join(", ", fields.Select(f => f.Name))}).");
        var config = baseline;
        foreach (var (name, node) in values)
        {
            var field = fields.FirstOrDefault(f => f.Name == name)
                ?? throw new ArgumentException($"unknown key '{key}.{name}'; expected one of: {string.Join(", ", fields.Select(f => f.Name))}.");
            config = field.Set(config, Number(node, field.Integer, $"{key}.{name}"));
        }
        return config;
    }

    private static double Number(JsonNode? node, bool integer, string path)
    {
        var ok = node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out double number);
        var v = ok ? node!.GetValue<double>() : double.NaN;
        if (!ok || !double.IsFinite(v) || (integer && (v != Math.Floor(v) || v > int.MaxValue || v < int.MinValue)))
            throw new ArgumentException($"{path} = {node?.ToJsonString() ?? "null"}; expected {(integer ? "an integer" : "a number")}.");
        return v;
    }

    private static JsonObject Write<T>(T config, Field<T>[] fields)
    {
        var values = new JsonObject();
        foreach (var field in fields)
            values[field.Name] = field.Integer
                ? JsonValue.Create((int)field.Get(config))
                : JsonValue.Create(field.Get(config));
        return values;
    }
}
