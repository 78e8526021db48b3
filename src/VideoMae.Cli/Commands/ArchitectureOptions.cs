using System.CommandLine;
using System.Text.Json.Nodes;
using VideoMae.Config;

namespace VideoMae.Cli.Commands;

/// <summary>
/// The flags that choose a training command's architecture: <c>--model</c> (the preset it starts from) and one flag
/// per field of the config's <c>"encoder"</c> and <c>"decoder"</c> objects. They are written into the config's JSON
/// before it is read, so a flag overrides the config's field, which overrides the preset's, and the run's
/// config.json records the result.
/// </summary>
internal sealed class ArchitectureOptions
{
    private sealed record Flag(Option Option, string Section, string Field, Func<ParseResult, JsonNode?> Value);

    private readonly List<Flag> _flags = [];

    /// <summary>The flags of an encoder, and of a decoder when <paramref name="withDecoder"/> (pre-training).</summary>
    public ArchitectureOptions(bool withDecoder)
    {
        Model = new Option<string>("--model", "-m")
        {
            Description = $"Model preset the architecture starts from ({string.Join(", ", Presets.ByName.Keys)}); the flags below and a config's \"encoder\"/\"decoder\" fields override its values.",
            DefaultValueFactory = _ => "research-s",
        };
        Model.AcceptOnlyFromAmong([.. Presets.ByName.Keys]);
        Int("--embed-dim", "encoder", "embed_dim", "Encoder width D.");
        Int("--depth", "encoder", "depth", "Encoder blocks.");
        Int("--heads", "encoder", "num_heads", "Encoder attention heads (must divide --embed-dim).");
        var mlpRatio = new Option<double?>("--mlp-ratio") { Description = "Encoder (and decoder) MLP width over the block width." };
        _flags.Add(new Flag(mlpRatio, "encoder", "mlp_ratio", parse => JsonValue.Create(parse.GetValue(mlpRatio))));
        Int("--patch", "encoder", "patch", "Spatial patch size in pixels.");
        Int("--tubelet", "encoder", "tubelet", "Frames per tubelet.");
        Int("--frames", "encoder", "frames", "Frames per clip.");
        Int("--input-size", "encoder", "image_size", "Clip height and width in pixels (config: encoder.image_size).");
        if (!withDecoder)
            return;
        Int("--decoder-width", "decoder", "embed_dim", "Decoder width (config: decoder.embed_dim).");
        Int("--decoder-depth", "decoder", "depth", "Decoder blocks (1, 2 or 4 in the V1/V2 ablations).");
        Int("--decoder-heads", "decoder", "num_heads", "Decoder attention heads (must divide --decoder-width).");
    }

    /// <summary>The preset flag.</summary>
    public Option<string> Model { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        foreach (var flag in _flags)
            command.Options.Add(flag.Option);
    }

    /// <summary>Writes every architecture flag that was given into <paramref name="settings"/> (a settings JSON object).</summary>
    public void Apply(ParseResult parse, JsonObject settings, string modelKey = "model", string encoderKey = "encoder")
    {
        if (TrainingOptions.Given(parse, Model))
            settings[modelKey] = parse.GetValue(Model);
        foreach (var flag in _flags.Where(f => TrainingOptions.Given(parse, f.Option)))
        {
            var key = flag.Section == "encoder" ? encoderKey : flag.Section;
            if (settings[key] is not JsonObject section)
                settings[key] = section = new JsonObject();
            section[flag.Field] = flag.Value(parse);
        }
    }

    private void Int(string name, string section, string field, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        _flags.Add(new Flag(option, section, field, parse => JsonValue.Create(parse.GetValue(option))));
    }
}
