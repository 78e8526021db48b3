using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace VideoMae.Training.Settings;

/// <summary>
/// Reads and writes a settings record whose architecture (a preset name beside the fields that override it) spans
/// several sibling keys: those keys are taken out and resolved together, whatever their order in the file, and the
/// rest is the record's own properties. Every key is checked first, so a typo is named before anything is read.
/// </summary>
/// <typeparam name="T">The settings record.</typeparam>
internal abstract class SettingsConverter<T> : JsonConverter<T>
{
    /// <summary>The sibling keys this converter resolves itself, in the order they are written.</summary>
    protected abstract IReadOnlyList<string> OwnKeys { get; }

    /// <summary>The record read from its own properties, completed with the resolved <paramref name="own"/> keys.</summary>
    protected abstract T Complete(T plain, JsonObject own);

    /// <summary>Writes the resolved values of <see cref="OwnKeys"/> into <paramref name="into"/>.</summary>
    protected abstract void WriteOwn(T value, JsonObject into);

    /// <summary>A preset name from a config, or null when the key is absent (the record's default preset stays).</summary>
    protected static string? Preset(JsonNode? node, string key) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw new ArgumentException($"{key} = {node.ToJsonString()}; expected a preset name ({string.Join(", ", Config.Presets.ByName.Keys)})."),
    };

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (JsonNode.Parse(ref reader) is not JsonObject values)
            throw new ArgumentException($"the settings are not a JSON object; expected {{\"key\": value, …}}.");
        SettingsJson.CheckKeys(values, typeof(T), OwnKeys, "");
        var own = new JsonObject();
        foreach (var key in OwnKeys)
            if (values.Remove(key, out var node))
                own[key] = node;
        var plain = values.Deserialize<T>(SettingsJson.Plain) ?? throw new ArgumentException("the settings are null; expected a JSON object.");
        return Complete(plain, own);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        var result = new JsonObject();
        WriteOwn(value, result);
        var plain = JsonSerializer.SerializeToNode(value, SettingsJson.Plain)!.AsObject();
        foreach (var (key, node) in plain.ToList())
        {
            plain.Remove(key);
            result[key] = node;
        }
        result.WriteTo(writer, options);
    }
}
