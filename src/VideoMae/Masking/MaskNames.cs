namespace VideoMae.Masking;

/// <summary>The command-line and file names of the maskings (kebab case), both ways.</summary>
public static class MaskNames
{
    private static readonly Dictionary<string, EncoderMasking> Encoders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tube"] = EncoderMasking.Tube,
        ["random"] = EncoderMasking.Random,
    };

    private static readonly Dictionary<string, DecoderMasking> Decoders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = DecoderMasking.None,
        ["running-cell"] = DecoderMasking.RunningCell,
        ["frame"] = DecoderMasking.Frame,
        ["random"] = DecoderMasking.Random,
    };

    /// <summary>Accepted encoder masking names.</summary>
    public static IReadOnlyCollection<string> EncoderNames => Encoders.Keys;

    /// <summary>Accepted decoder masking names.</summary>
    public static IReadOnlyCollection<string> DecoderNames => Decoders.Keys;

    /// <summary>Parses an encoder masking name, or throws naming the accepted ones.</summary>
    public static EncoderMasking ParseEncoder(string name) =>
        Encoders.TryGetValue(name, out var kind) ? kind
            : throw new ArgumentException($"encoder masking '{name}'; expected one of: {string.Join(", ", Encoders.Keys)}.", nameof(name));

    /// <summary>Parses a decoder masking name, or throws naming the accepted ones.</summary>
    public static DecoderMasking ParseDecoder(string name) =>
        Decoders.TryGetValue(name, out var kind) ? kind
            : throw new ArgumentException($"decoder masking '{name}'; expected one of: {string.Join(", ", Decoders.Keys)}.", nameof(name));

    /// <summary>The name of an encoder masking.</summary>
    public static string Name(EncoderMasking kind) => Encoders.First(p => p.Value == kind).Key;

    /// <summary>The name of a decoder masking.</summary>
    public static string Name(DecoderMasking kind) => Decoders.First(p => p.Value == kind).Key;
}
