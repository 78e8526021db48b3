namespace VideoMae.Masking;

/// <summary>The command-line and file names of the maskings (kebab case), both ways.</summary>
public static class MaskNames
{
    /// <summary>Encoder masking names: tube, random.</summary>
    public static EnumNames<EncoderMasking> Encoder { get; } = new("encoder masking", ("tube", EncoderMasking.Tube), ("random", EncoderMasking.Random));

    /// <summary>Decoder masking names: none, running-cell, frame, random.</summary>
    public static EnumNames<DecoderMasking> Decoder { get; } = new("decoder masking",
        ("none", DecoderMasking.None), ("running-cell", DecoderMasking.RunningCell), ("frame", DecoderMasking.Frame), ("random", DecoderMasking.Random));

    /// <summary>Accepted encoder masking names.</summary>
    public static IReadOnlyCollection<string> EncoderNames => Encoder.Names;

    /// <summary>Accepted decoder masking names.</summary>
    public static IReadOnlyCollection<string> DecoderNames => Decoder.Names;

    /// <summary>Parses an encoder masking name, or throws naming the accepted ones.</summary>
    public static EncoderMasking ParseEncoder(string name) => Encoder.Parse(name);

    /// <summary>Parses a decoder masking name, or throws naming the accepted ones.</summary>
    public static DecoderMasking ParseDecoder(string name) => Decoder.Parse(name);

    /// <summary>The name of an encoder masking.</summary>
    public static string Name(EncoderMasking kind) => Encoder.Name(kind);

    /// <summary>The name of a decoder masking.</summary>
    public static string Name(DecoderMasking kind) => Decoder.Name(kind);
}
