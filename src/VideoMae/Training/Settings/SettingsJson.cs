using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using VideoMae.Masking;

namespace VideoMae.Training.Settings;

/// <summary>
/// The JSON of the settings: config files, a run's config.json and the settings stored in checkpoints. Keys are
/// snake_case, enums go by their names (<see cref="SettingNames"/>, <see cref="MaskNames"/>), the architecture is a
/// preset plus overriding fields (<see cref="ArchitectureFields"/>), and everything is parsed once, here: an unknown
/// key or a bad value is an <see cref="ArgumentException"/> that names it and what was expected.
/// </summary>
public static class SettingsJson
{
    /// <summary>The options that read and write every settings record.</summary>
    public static JsonSerializerOptions Options { get; } = Create(withSettingsConverters: true);

    /// <summary>The same without the settings records' converters: a record's own properties only.</summary>
    internal static JsonSerializerOptions Plain { get; } = Create(withSettingsConverters: false);

    /// <summary>The JSON of <paramref name="settings"/>, with the architecture resolved (every field).</summary>
    public static string Write<T>(T settings) => JsonSerializer.Serialize(settings, Options);

    /// <summary>Reads settings from JSON text.</summary>
    /// <exception cref="InvalidDataException">The text is not JSON.</exception>
    /// <exception cref="ArgumentException">An unknown key, a bad value or an unusable architecture, named.</exception>
    public static T Read<T>(string json) => Read<T>(Parse(json));

    /// <summary>Reads settings from a JSON object, naming <paramref name="source"/> (a config file) in every error.</summary>
    /// <exception cref="ArgumentException">An unknown key, a bad value or an unusable architecture, named with the source.</exception>
    public static T Read<T>(JsonObject json, string source)
    {
        try
        {
            return Read<T>(json);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{source}: {e.Message}", e);
        }
    }

    /// <summary>Reads settings from a JSON object (a config with command-line overrides applied, say).</summary>
    /// <exception cref="ArgumentException">An unknown key, a bad value or an unusable architecture, named.</exception>
    public static T Read<T>(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return json.Deserialize<T>(Options) ?? throw new ArgumentException("the settings are null; expected a JSON object.");
        }
        catch (JsonException e)
        {
            // A value of the wrong JSON kind ("epochs": "ten"): the message names the type, the path names the key.
            throw new ArgumentException($"{Key(e.Path)}: {e.Message.Split(" Path:")[0]}", e);
        }
    }

    /// <summary>JSON text as an object.</summary>
    /// <exception cref="InvalidDataException">The text is not JSON, or not an object.</exception>
    public static JsonObject Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("the settings are not a JSON object; expected {\"key\": value, …}.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// Throws naming the first key of <paramref name="values"/> that <paramref name="type"/> has no property for
    /// (besides <paramref name="extra"/>), looking into nested records and lists of records.
    /// </summary>
    internal static void CheckKeys(JsonObject values, Type type, IReadOnlyCollection<string> extra, string path)
    {
        var properties = Plain.GetTypeInfo(type).Properties.ToDictionary(p => p.Name, p => p.PropertyType);
        foreach (var (key, node) in values)
        {
            if (extra.Contains(key))
                continue;
            if (!properties.TryGetValue(key, out var propertyType))
                throw new ArgumentException($"unknown key '{path}{key}'; expected one of: {string.Join(", ", properties.Keys.Concat(extra).Order())}.");
            CheckNested(node, propertyType, $"{path}{key}");
        }
    }

    private static void CheckNested(JsonNode? node, Type type, string path)
    {
        // Records with their own converter check their keys themselves when they are read.
        if (type == typeof(PretrainSettings) || type == typeof(FinetuneSettings) || type == typeof(DistillSettings))
            return;
        var info = Plain.GetTypeInfo(type);
        if (node is JsonObject values && info.Kind == JsonTypeInfoKind.Object)
            CheckKeys(values, type, [], path + ".");
        else if (node is JsonArray items && info.Kind == JsonTypeInfoKind.Enumerable && info.ElementType is { } element)
            for (var i = 0; i < items.Count; i++)
                CheckNested(items[i], element, $"{path}[{i}]");
    }

    // "$.run.epochs" → "run.epochs"
    private static string Key(string? path) => string.IsNullOrEmpty(path) ? "settings" : path.TrimStart('$', '.');

    private static JsonSerializerOptions Create(bool withSettingsConverters)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            // Set, not left to the first serialisation: CheckKeys reads the records' metadata before anything is read.
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Converters =
            {
                new EnumNameConverter<EncoderMasking>(MaskNames.Encoder),
                new EnumNameConverter<DecoderMasking>(MaskNames.Decoder),
                new EnumNameConverter<Targets.LossTokens>(SettingNames.Loss),
                new EnumNameConverter<Data.Sampling.TemporalSampling>(SettingNames.Sampling),
                new EnumNameConverter<Data.Augmentation.SpatialAugmentation>(SettingNames.Crop),
                new EnumNameConverter<Precision>(SettingNames.Precision),
                new EnumNameConverter<Data.Augmentation.RandAugmentOp>(SettingNames.RandAugmentOps),
                new RandAugmentPolicyConverter(),
            },
        };
        if (withSettingsConverters)
        {
            options.Converters.Add(new PretrainSettingsConverter());
            options.Converters.Add(new FinetuneSettingsConverter());
            options.Converters.Add(new DistillSettingsConverter());
        }
        return options;
    }
}
