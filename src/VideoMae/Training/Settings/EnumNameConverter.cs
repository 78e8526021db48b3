using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoMae.Training.Settings;

/// <summary>Reads and writes an enum by its <see cref="EnumNames{T}"/> name; an unknown name is an <see cref="ArgumentException"/> listing the accepted ones.</summary>
internal sealed class EnumNameConverter<T>(EnumNames<T> names) : JsonConverter<T> where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? names.Parse(reader.GetString()!)
            : throw new ArgumentException($"{names.What} is not a string; expected one of: {string.Join(", ", names.Names)}.");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(names.Name(value));
}
