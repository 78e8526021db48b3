using System.CommandLine;
using VideoMae.Config;
using VideoMae.Masking;

namespace VideoMae.Cli.Commands;

/// <summary>Options that several commands share, defined once so their names, defaults and help never drift apart.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON instead of text." };

    /// <summary>--frame-template: how frame folders name their files (every source of the command).</summary>
    public static Option<string?> FrameTemplate() =>
        new("--frame-template") { Description = "File name of frame n in the lists' frame folders, Python format: img_{:05}.jpg (default, SSv2), image_{:06}.jpg (AVA)." };

    /// <summary>--start-index: the number of the first frame file of fine-tuning frame lines.</summary>
    public static Option<int?> StartIndex() =>
        new("--start-index") { Description = "Number of the first frame file in 'frame_folder total_frames label' lines (default 1; pre-training lines give their own)." };

    public static Option<string> Model(string defaultName = "vit-b")
    {
        var option = new Option<string>("--model", "-m")
        {
            Description = $"Model preset: {string.Join(", ", Presets.ByName.Keys)}.",
            DefaultValueFactory = _ => defaultName,
        };
        option.AcceptOnlyFromAmong([.. Presets.ByName.Keys]);
        return option;
    }

    /// <summary>The four masking options of a pre-training run; <see cref="Read"/> turns them into a <see cref="DualMasking"/>.</summary>
    public sealed class Masking
    {
        public Option<string> Encoder { get; } = Choice("--encoder-mask", "tube", MaskNames.EncoderNames, "Encoder masking");
        public Option<double> EncoderRatio { get; } = new("--encoder-ratio") { Description = "Fraction of tokens hidden from the encoder.", DefaultValueFactory = _ => 0.9 };
        public Option<string> Decoder { get; } = Choice("--decoder-mask", "running-cell", MaskNames.DecoderNames, "Decoder masking");
        public Option<double> DecoderRatio { get; } = new("--decoder-ratio") { Description = "Fraction of positions the decoder does not reconstruct (running cell: 0.25, 0.5 or 0.75).", DefaultValueFactory = _ => 0.5 };

        public void AddTo(Command command)
        {
            command.Options.Add(Encoder);
            command.Options.Add(EncoderRatio);
            command.Options.Add(Decoder);
            command.Options.Add(DecoderRatio);
        }

        public DualMasking Read(ParseResult parse) => new(
            MaskNames.ParseEncoder(parse.GetValue(Encoder)!), parse.GetValue(EncoderRatio),
            MaskNames.ParseDecoder(parse.GetValue(Decoder)!), parse.GetValue(DecoderRatio));
    }

    private static Option<string> Choice(string name, string defaultValue, IEnumerable<string> choices, string what)
    {
        var option = new Option<string>(name) { Description = $"{what}: {string.Join(", ", choices)}.", DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong([.. choices]);
        return option;
    }
}
