namespace VideoMae.Tests.Models;

/// <summary>
/// The numbers that fix a preset's state-dict shapes, written down apart from the library's configs: widths, depths,
/// MLP hidden sizes and patch of SPEC §1.1–§1.2 for the paper models, and of the presets' documented designs (README
/// and Presets.cs summaries) for the research ones. Heads, frames and image size leave no trace in the shapes.
/// </summary>
internal sealed record Architecture(int Width, int Depth, int MlpHidden, int Patch, int DecoderWidth, int DecoderDepth, int DecoderMlpHidden)
{
    /// <summary>Every preset of Presets.ByName.</summary>
    public static readonly IReadOnlyDictionary<string, Architecture> ByPreset = new Dictionary<string, Architecture>
    {
        ["vit-s"] = new(384, 12, 1536, 16, 192, 4, 768),
        ["vit-b"] = new(768, 12, 3072, 16, 384, 4, 1536),
        ["vit-l"] = new(1024, 24, 4096, 16, 512, 4, 2048),
        ["vit-h"] = new(1280, 32, 5120, 16, 512, 4, 2048),   // V2's decoder is 512-d (V1's was 640)
        ["vit-g"] = new(1408, 40, 6144, 14, 512, 4, 2234),   // MLP ratio 48/11: int(1408·48/11) = 6144, int(512·48/11) = 2234
        ["tiny"] = new(64, 2, 256, 8, 32, 2, 128),           // = the reference fixtures' "tiny_p8"
        ["research-xs"] = new(64, 3, 256, 4, 32, 1, 128),
        ["research-xs-wide"] = new(128, 4, 512, 4, 64, 1, 256),
        ["research-s"] = new(192, 4, 768, 8, 96, 2, 384),
        ["research-b"] = new(384, 6, 1536, 8, 192, 2, 768),
        ["research-112"] = new(192, 4, 768, 14, 96, 2, 384),
    };

    /// <summary>Pixels of one tubelet (3 channels × 2 frames × p × p): the decoder head's width.</summary>
    public int TubeletPixels => 3 * 2 * Patch * Patch;
}
