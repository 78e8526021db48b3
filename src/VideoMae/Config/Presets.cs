namespace VideoMae.Config;

/// <summary>
/// Named model presets: the paper's ViT-S/B/L/H/g with their V2 pre-training decoders (SPEC §1.1–§1.2), and small
/// research presets that pre-train on two CPU cores in minutes. Customise with <c>with</c>, e.g.
/// <c>Presets.VitB with { Encoder = Presets.VitB.Encoder with { Frames = 8 } }</c>.
/// </summary>
public static class Presets
{
    /// <summary>ViT-S/16: 384-d, 12 blocks, 6 heads; decoder 192-d, 4 blocks, 3 heads.</summary>
    public static readonly PretrainConfig VitS = new(new VitConfig { EmbedDim = 384, Depth = 12, NumHeads = 6 }, new DecoderConfig(192, 4, 3));

    /// <summary>ViT-B/16: 768-d, 12 blocks, 12 heads; decoder 384-d, 4 blocks, 6 heads.</summary>
    public static readonly PretrainConfig VitB = new(new VitConfig { EmbedDim = 768, Depth = 12, NumHeads = 12 }, new DecoderConfig(384, 4, 6));

    /// <summary>ViT-L/16: 1024-d, 24 blocks, 16 heads; decoder 512-d, 4 blocks, 8 heads.</summary>
    public static readonly PretrainConfig VitL = new(new VitConfig { EmbedDim = 1024, Depth = 24, NumHeads = 16 }, new DecoderConfig(512, 4, 8));

    /// <summary>ViT-H/16: 1280-d, 32 blocks, 16 heads; decoder 512-d, 4 blocks, 8 heads (V2; V1 used 640-d).</summary>
    public static readonly PretrainConfig VitH = new(new VitConfig { EmbedDim = 1280, Depth = 32, NumHeads = 16 }, new DecoderConfig(512, 4, 8));

    /// <summary>ViT-g/14: 1408-d, 40 blocks, 16 heads, MLP ratio 48/11 (6144), 14×14 patches → 2048 tokens; decoder 512-d, 4 blocks, 8 heads.</summary>
    public static readonly PretrainConfig VitG = new(
        new VitConfig { EmbedDim = 1408, Depth = 40, NumHeads = 16, MlpRatio = 48.0 / 11.0, Patch = 14 },
        new DecoderConfig(512, 4, 8));

    /// <summary>
    /// The configuration of the reference fixtures (shared/fixtures/reference, "tiny_p8"): 8×32×32 clips, 2×8×8
    /// tubelets → 4×4×4 = 64 tokens; encoder 64-d, 2 blocks, 4 heads; decoder 32-d, 2 blocks, 2 heads.
    /// </summary>
    public static readonly PretrainConfig Tiny = new(
        new VitConfig { ImageSize = 32, Frames = 8, Patch = 8, EmbedDim = 64, Depth = 2, NumHeads = 4 },
        new DecoderConfig(32, 2, 2));

    /// <summary>
    /// Research scale, extra small, for tests and teaching sessions: 16×32×32 clips, 2×4×4 tubelets → 8×8×8 = 512
    /// tokens (the token grid of <see cref="ResearchS"/> at a quarter of the pixels); 64-d, 3 blocks, 2 heads; decoder
    /// 32-d, 1 block, 2 heads. Pre-trains and fine-tunes on two CPU cores in minutes on the synthetic sets.
    /// </summary>
    public static readonly PretrainConfig ResearchXS = new(
        new VitConfig { ImageSize = 32, Frames = 16, Patch = 4, EmbedDim = 64, Depth = 3, NumHeads = 2 },
        new DecoderConfig(32, 1, 2));

    /// <summary>
    /// Research scale, extra small and twice as wide: <see cref="ResearchXS"/>'s 16×32×32 clips and 2×4×4 tubelets
    /// (512 tokens) with a 128-d encoder of 4 blocks and 4 heads (about 5× its encoder parameters); decoder 64-d,
    /// 1 block, 2 heads. A larger model on the same clips: a teacher for research-xs, and a model-scaling step that
    /// changes no input.
    /// </summary>
    public static readonly PretrainConfig ResearchXSWide = new(
        new VitConfig { ImageSize = 32, Frames = 16, Patch = 4, EmbedDim = 128, Depth = 4, NumHeads = 4 },
        new DecoderConfig(64, 1, 2));

    /// <summary>Research scale, small: 16×64×64 clips, 2×8×8 tubelets → 8×8×8 = 512 tokens; 192-d, 4 blocks, 3 heads; decoder 96-d, 2 blocks, 3 heads.</summary>
    public static readonly PretrainConfig ResearchS = new(
        new VitConfig { ImageSize = 64, Frames = 16, Patch = 8, EmbedDim = 192, Depth = 4, NumHeads = 3 },
        new DecoderConfig(96, 2, 3));

    /// <summary>Research scale, base: 16×64×64 clips → 512 tokens; 384-d, 6 blocks, 6 heads; decoder 192-d, 2 blocks, 3 heads.</summary>
    public static readonly PretrainConfig ResearchB = new(
        new VitConfig { ImageSize = 64, Frames = 16, Patch = 8, EmbedDim = 384, Depth = 6, NumHeads = 6 },
        new DecoderConfig(192, 2, 3));

    /// <summary>Research scale at 112 px: 16×112×112 clips, 2×14×14 tubelets → 8×8×8 = 512 tokens; 192-d, 4 blocks, 3 heads; decoder 96-d, 2 blocks, 3 heads.</summary>
    public static readonly PretrainConfig Research112 = new(
        new VitConfig { ImageSize = 112, Frames = 16, Patch = 14, EmbedDim = 192, Depth = 4, NumHeads = 3 },
        new DecoderConfig(96, 2, 3));

    /// <summary>Every preset by its command-line name, paper models first.</summary>
    public static IReadOnlyDictionary<string, PretrainConfig> ByName { get; } = new Dictionary<string, PretrainConfig>(StringComparer.OrdinalIgnoreCase)
    {
        ["vit-s"] = VitS,
        ["vit-b"] = VitB,
        ["vit-l"] = VitL,
        ["vit-h"] = VitH,
        ["vit-g"] = VitG,
        ["tiny"] = Tiny,
        ["research-xs"] = ResearchXS,
        ["research-xs-wide"] = ResearchXSWide,
        ["research-s"] = ResearchS,
        ["research-b"] = ResearchB,
        ["research-112"] = Research112,
    };

    /// <summary>The preset called <paramref name="name"/>, or an <see cref="ArgumentException"/> listing the names there are.</summary>
    public static PretrainConfig Get(string name) =>
        ByName.TryGetValue(name, out var config)
            ? config
            : throw new ArgumentException($"Unknown model preset '{name}'; expected one of: {string.Join(", ", ByName.Keys)}.", nameof(name));
}
