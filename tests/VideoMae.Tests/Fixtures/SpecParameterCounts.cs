namespace VideoMae.Tests.Fixtures;

/// <summary>
/// SPEC §1.1–§1.2, the [derived] parameter columns of the paper models in millions: the encoder without a head, and
/// the decoder with the encoder→decoder projection and the mask token.
/// </summary>
public static class SpecParameterCounts
{
    /// <summary>(preset, encoder millions, decoder millions).</summary>
    public static TheoryData<string, double, double> PaperModels => new()
    {
        { "vit-s", 21.88, 2.15 },
        { "vit-b", 86.23, 7.98 },
        { "vit-l", 303.86, 13.92 },
        { "vit-h", 631.61, 14.05 },
        { "vit-g", 1011.61, 14.70 },
    };
}
