using System.Globalization;
using System.Text.RegularExpressions;
using VideoMae.Config;
using static TorchSharp.torch;

namespace VideoMae.Checkpoints;

/// <summary>
/// Reads a checkpoint's architecture from its tensor shapes (official names, see <see cref="KeyMapping"/>):
/// width, input channels, tubelet and patch from <c>patch_embed.proj.weight</c> [D, C, t, p, p]; depth from the
/// <c>blocks.i</c> indices; MLP width from <c>blocks.0.mlp.fc1.weight</c> [H, D]; the decoder from
/// <c>decoder.blocks.j</c> and <c>decoder.blocks.0.norm1.weight</c>; the classes from <c>head.weight</c> [C, D].
/// Heads, frames and input size do not show in shapes; <see cref="ArchitectureHints"/> supply them.
/// </summary>
public static partial class ArchitectureInference
{
    /// <summary>Metadata keys <see cref="CheckpointExport"/> writes so a converted file needs no hints.</summary>
    public static class MetadataKeys
    {
        /// <summary>Encoder heads.</summary>
        public const string Heads = "videomae.heads";

        /// <summary>Decoder heads.</summary>
        public const string DecoderHeads = "videomae.decoder_heads";

        /// <summary>Frames per clip.</summary>
        public const string Frames = "videomae.frames";

        /// <summary>Input size in pixels.</summary>
        public const string Size = "videomae.size";

        /// <summary>
        /// MLP ratio: the encoder's MLP width only bounds it (int(D·ratio)), and the decoder's MLP width is
        /// int(decoder width · ratio), which the bounded ratio can miss.
        /// </summary>
        public const string MlpRatio = "videomae.mlp_ratio";
    }

    private const int DefaultHeadDim = 64;
    private const int DefaultFrames = 16;
    private const int DefaultSize = 224;

    private static readonly PretrainConfig[] PaperModels = [Presets.VitS, Presets.VitB, Presets.VitL, Presets.VitH, Presets.VitG];

    /// <summary>The architecture of <paramref name="official"/>.</summary>
    /// <param name="official">A state dict under official names.</param>
    /// <param name="hints">Values shapes cannot tell; a preset named there must agree with the shapes.</param>
    /// <param name="metadata">The checkpoint file's metadata (safetensors <c>__metadata__</c>), or null.</param>
    /// <param name="source">Names the checkpoint in error messages.</param>
    /// <exception cref="InvalidDataException">The tensors do not describe a VideoMAE backbone.</exception>
    /// <exception cref="ArgumentException">A hint or the preset contradicts the shapes, or makes an unusable configuration.</exception>
    public static InferredArchitecture Infer(IReadOnlyDictionary<string, Tensor> official, ArchitectureHints? hints = null,
        IReadOnlyDictionary<string, string>? metadata = null, string source = "checkpoint")
    {
        ArgumentNullException.ThrowIfNull(official);
        hints ??= ArchitectureHints.None;
        var preset = hints.Preset is null ? null : Presets.Get(hints.Preset);
        var embed = Shape(official, "patch_embed.proj.weight", 5, source);
        var (width, channels, tubelet, patch) = ((int)embed[0], (int)embed[1], (int)embed[2], (int)embed[3]);
        if (embed[3] != embed[4])
            throw Invalid(source, $"patch_embed.proj.weight has shape [{string.Join(", ", embed)}]; expected square patches [D, C, t, p, p]");
        var depth = CountBlocks(official.Keys, BlockIndex(), source, "blocks");
        if (depth == 0)
            throw Invalid(source, "has no transformer blocks (no key 'blocks.0.…'); expected a VideoMAE backbone");
        var mlp = Shape(official, "blocks.0.mlp.fc1.weight", 2, source);
        if (mlp[1] != width)
            throw Invalid(source, $"blocks.0.mlp.fc1.weight has shape [{string.Join(", ", mlp)}]; expected [H, {width}] for the {width}-d embedding");
        if (preset is not null)
            CheckPreset(hints.Preset!, preset, width, depth, patch, tubelet, (int)mlp[0], source);
        var trainedFrames = hints.Frames ?? preset?.Encoder.Frames ?? Meta(metadata, MetadataKeys.Frames) ?? DefaultFrames;
        var trainedSize = hints.Size ?? preset?.Encoder.ImageSize ?? Meta(metadata, MetadataKeys.Size) ?? DefaultSize;
        var encoder = new VitConfig
        {
            EmbedDim = width,
            InChannels = channels,
            Tubelet = tubelet,
            Patch = patch,
            Depth = depth,
            MlpRatio = MlpRatioOf(metadata, width, (int)mlp[0]),
            NumHeads = hints.Heads ?? preset?.Encoder.NumHeads ?? Meta(metadata, MetadataKeys.Heads) ?? DefaultHeads(width),
            Frames = trainedFrames,
            ImageSize = trainedSize,
        }.Validate();
        var trained = encoder.Grid;
        encoder = (encoder with { Frames = hints.InputFrames ?? trainedFrames, ImageSize = hints.InputSize ?? trainedSize }).Validate();

        DecoderConfig? decoder = null;
        var decoderDepth = CountBlocks(official.Keys, DecoderBlockIndex(), source, "decoder.blocks");
        if (decoderDepth > 0)
        {
            var decoderWidth = (int)Shape(official, "decoder.blocks.0.norm1.weight", 1, source)[0];
            if (preset is not null)
            {
                Agree(hints.Preset!, "decoder width", decoderWidth, preset.Decoder.EmbedDim, source);
                Agree(hints.Preset!, "decoder depth", decoderDepth, preset.Decoder.Depth, source);
            }
            var decoderHeads = hints.DecoderHeads ?? preset?.Decoder.NumHeads ?? Meta(metadata, MetadataKeys.DecoderHeads) ?? Math.Max(1, decoderWidth / DefaultHeadDim);
            decoder = new DecoderConfig(decoderWidth, decoderDepth, decoderHeads);
            new PretrainConfig(encoder, decoder).Validate();
        }

        int? classes = official.ContainsKey("head.weight") ? (int)Shape(official, "head.weight", 2, source)[0] : null;
        return new InferredArchitecture(encoder, decoder, classes, trained);
    }

    /// <summary>
    /// The metadata that lets <see cref="Infer"/> rebuild <paramref name="architecture"/> with no hints: the heads and
    /// the input the checkpoint was trained at (its <see cref="InferredArchitecture.TrainedGrid"/>), not a hinted input.
    /// </summary>
    public static Dictionary<string, string> ToMetadata(InferredArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var e = architecture.Encoder;
        var metadata = new Dictionary<string, string>
        {
            [MetadataKeys.Heads] = e.NumHeads.ToString(CultureInfo.InvariantCulture),
            [MetadataKeys.Frames] = (architecture.TrainedGrid.T * e.Tubelet).ToString(CultureInfo.InvariantCulture),
            [MetadataKeys.Size] = (architecture.TrainedGrid.H * e.Patch).ToString(CultureInfo.InvariantCulture),
        };
        if (architecture.Decoder is { } d)
            metadata[MetadataKeys.DecoderHeads] = d.NumHeads.ToString(CultureInfo.InvariantCulture);
        metadata[MetadataKeys.MlpRatio] = e.MlpRatio.ToString("R", CultureInfo.InvariantCulture);
        return metadata;
    }

    // The stored ratio when it gives the MLP width the shapes show, else the width over the embedding.
    private static double MlpRatioOf(IReadOnlyDictionary<string, string>? metadata, int width, int hidden) =>
        metadata is not null && metadata.TryGetValue(MetadataKeys.MlpRatio, out var text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && VitConfig.MlpWidth(width, ratio) == hidden
            ? ratio
            : (double)hidden / width;

    private static void CheckPreset(string name, PretrainConfig preset, int width, int depth, int patch, int tubelet, int mlpHidden, string source)
    {
        var p = preset.Encoder;
        Agree(name, "embedding width", width, p.EmbedDim, source);
        Agree(name, "depth", depth, p.Depth, source);
        Agree(name, "patch size", patch, p.Patch, source);
        Agree(name, "tubelet size", tubelet, p.Tubelet, source);
        Agree(name, "MLP width", mlpHidden, p.MlpHidden, source);
    }

    private static void Agree(string preset, string what, int checkpoint, int expected, string source)
    {
        if (checkpoint != expected)
            throw new ArgumentException($"{source} has {what} {checkpoint} but preset '{preset}' has {expected}; drop --model or name the matching preset.");
    }

    // Width / 64 heads, except at the width of a paper model, whose heads it takes: ViT-H (1280-d) and ViT-g (1408-d)
    // have 16 heads of 80 and 88 channels, not 20 and 22 of 64.
    private static int DefaultHeads(int width) =>
        PaperModels.FirstOrDefault(m => m.Encoder.EmbedDim == width)?.Encoder.NumHeads ?? Math.Max(1, width / DefaultHeadDim);

    private static long[] Shape(IReadOnlyDictionary<string, Tensor> official, string key, int rank, string source)
    {
        if (!official.TryGetValue(key, out var tensor))
        {
            var sample = string.Join(", ", official.Keys.Take(5).Select(k => $"'{k}'"));
            throw Invalid(source, $"has no '{key}' (nor a Hugging Face or MMAction2 equivalent), so it is not a VideoMAE checkpoint this library reads; its keys begin {sample}");
        }
        if (tensor.dim() != rank || tensor.shape.Any(d => d < 1 || d > int.MaxValue))
            throw Invalid(source, $"{key} has shape [{string.Join(", ", tensor.shape)}]; expected {rank} positive dimensions");
        return tensor.shape;
    }

    // The number of consecutive block indices 0..n−1 present; a gap means a damaged checkpoint.
    private static int CountBlocks(IEnumerable<string> keys, Regex pattern, string source, string what)
    {
        var indices = keys.Select(k => pattern.Match(k)).Where(m => m.Success)
            .Select(m => long.TryParse(m.Groups[1].Value, out var i) ? i : long.MaxValue).Distinct().Order().ToList();
        for (var i = 0; i < indices.Count; i++)
            if (indices[i] != i)
                throw Invalid(source, $"has {what} indices {string.Join(", ", indices.Take(12))}{(indices.Count > 12 ? ", …" : "")}; expected 0..{indices.Count - 1} without gaps");
        return indices.Count;
    }

    private static int? Meta(IReadOnlyDictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : null;

    private static InvalidDataException Invalid(string source, string problem) => new($"{source}: {problem}.");

    [GeneratedRegex(@"^blocks\.(\d+)\.")]
    private static partial Regex BlockIndex();

    [GeneratedRegex(@"^decoder\.blocks\.(\d+)\.")]
    private static partial Regex DecoderBlockIndex();
}
