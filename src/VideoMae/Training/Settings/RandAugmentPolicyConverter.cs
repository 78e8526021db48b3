using System.Text.Json;
using System.Text.Json.Serialization;
using VideoMae.Data.Augmentation;

namespace VideoMae.Training.Settings;

/// <summary>Reads and writes a RandAugment policy as its config string (<c>"rand-m7-n4-mstd0.5-inc1"</c>, <c>"none"</c>).</summary>
internal sealed class RandAugmentPolicyConverter : JsonConverter<RandAugmentPolicy>
{
    public override RandAugmentPolicy Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? RandAugmentPolicy.Parse(reader.GetString()!)
            : throw new ArgumentException("rand_augment is not a string; expected 'none' or a RandAugment string such as \"rand-m7-n4-mstd0.5-inc1\".");

    public override void Write(Utf8JsonWriter writer, RandAugmentPolicy value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
