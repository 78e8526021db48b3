using TorchSharp;
using VideoMae.Checkpoints;
using VideoMae.Config;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Training;
using static TorchSharp.torch;

namespace VideoMae.Tests.Checkpoints;

public sealed class ArchitectureInferenceTests : IDisposable
{
    private readonly DisposeScope _scope;

    public ArchitectureInferenceTests()
    {
        TorchRuntime.EnsureLoaded();
        _scope = NewDisposeScope();
    }

    public void Dispose() => _scope.Dispose();

    // The state dict of a real model built on the meta device: every key and shape, no memory.
    private static Dictionary<string, Tensor> ShapesOf(TorchSharp.torch.nn.Module model, string? prefixToDrop = null) =>
        model.state_dict().ToDictionary(p => prefixToDrop is not null && p.Key.StartsWith(prefixToDrop) ? p.Key[prefixToDrop.Length..] : p.Key, p => empty(p.Value.shape, device: META));

    [Fact]
    public void The_stored_mlp_ratio_gives_the_decoder_mlp_width_that_the_encoder_shape_only_bounds()
    {
        // 96-d encoder at ratio 1.02: int(97.92) = 97 hidden units, so the shapes say 97/96 = 1.0104…; the 64-d decoder
        // then has int(64 · 1.02) = 65 units, where the shape ratio would give int(64.67) = 64.
        var config = new PretrainConfig(Presets.ResearchXS.Encoder with { EmbedDim = 96, NumHeads = 3, Depth = 1, MlpRatio = 1.02 }, new DecoderConfig(64, 1, 2));
        using var model = new PretrainModel(config);
        var shapes = ShapesOf(model, "encoder.");
        Assert.Equal(65, config.DecoderMlpHidden);
        var stored = ArchitectureInference.Infer(shapes, metadata: ModelMetadata.For(config.Encoder, config.Decoder));
        Assert.Equal(config, stored.Pretrain);
        Assert.Equal(64, ArchitectureInference.Infer(shapes).Pretrain!.DecoderMlpHidden);
    }

    [Theory]
    [InlineData("vit-s", 400)]
    [InlineData("vit-b", 710)]
    [InlineData("vit-g", 710)]
    public void A_released_classifier_shape_set_gives_its_preset_with_no_hints(string preset, int classes)
    {
        var config = Presets.Get(preset).Encoder;
        using var model = new VideoClassifier(config with { Depth = 2 }, classes);
        var shapes = ShapesOf(model);
        // Depth is read from the keys; two blocks stand in for the full stack.
        var architecture = ArchitectureInference.Infer(shapes);
        Assert.Equal(config with { Depth = 2 }, architecture.Encoder);
        Assert.Equal(classes, architecture.Classes);
        Assert.Null(architecture.Decoder);
        Assert.Equal(config.Grid, architecture.TrainedGrid);
    }

    [Fact]
    public void ViT_g_mlp_width_6144_gives_ratio_48_over_11()
    {
        var architecture = ArchitectureInference.Infer(new Dictionary<string, Tensor>
        {
            ["patch_embed.proj.weight"] = empty([1408, 3, 2, 14, 14], device: META),
            ["blocks.0.mlp.fc1.weight"] = empty([6144, 1408], device: META),
            ["blocks.39.mlp.fc1.weight"] = empty([6144, 1408], device: META),
        }.Concat(Enumerable.Range(1, 38).Select(i => new KeyValuePair<string, Tensor>($"blocks.{i}.norm1.weight", empty([1408], device: META)))).ToDictionary());
        Assert.Equal(Presets.VitG.Encoder, architecture.Encoder);
        Assert.Equal(6144, architecture.Encoder.MlpHidden);
        Assert.Equal(new TokenGrid(8, 16, 16), architecture.TrainedGrid);
    }

    [Fact]
    public void A_pretraining_shape_set_gives_the_decoder_with_width_over_64_heads()
    {
        using var model = new PretrainModel(Presets.VitB with { Encoder = Presets.VitB.Encoder with { Depth = 1 } });
        var architecture = ArchitectureInference.Infer(KeyMapping.ToOfficial(ShapesOf(model)).Tensors);
        Assert.Equal(new DecoderConfig(384, 4, 6), architecture.Decoder);
        Assert.Equal(12, architecture.Encoder.NumHeads);
    }

    [Fact]
    public void Hints_override_the_defaults_and_input_sizes_move_off_the_trained_grid()
    {
        using var model = new VideoClassifier(Presets.Tiny.Encoder, 7);
        var architecture = ArchitectureInference.Infer(ShapesOf(model), new ArchitectureHints { Heads = 2, Frames = 8, Size = 32, InputFrames = 4, InputSize = 64 });
        Assert.Equal(2, architecture.Encoder.NumHeads);
        Assert.Equal(new TokenGrid(4, 4, 4), architecture.TrainedGrid);
        Assert.Equal(new TokenGrid(2, 8, 8), architecture.Encoder.Grid);
        var defaults = ArchitectureInference.Infer(ShapesOf(model));
        Assert.Equal((1, 16, 224), (defaults.Encoder.NumHeads, defaults.Encoder.Frames, defaults.Encoder.ImageSize));
    }

    [Fact]
    public void Metadata_written_for_an_architecture_rebuilds_it_without_hints()
    {
        using var model = new VideoClassifier(Presets.Tiny.Encoder, 7);
        var shapes = ShapesOf(model);
        var architecture = ArchitectureInference.Infer(shapes, new ArchitectureHints { Preset = "tiny", InputSize = 64 });
        Assert.Equal(architecture with { Encoder = Presets.Tiny.Encoder }, ArchitectureInference.Infer(shapes, metadata: ArchitectureInference.ToMetadata(architecture)));
    }

    [Fact]
    public void Shapes_that_are_not_a_videomae_backbone_are_refused_with_the_reason()
    {
        var e = Assert.Throws<InvalidDataException>(() => ArchitectureInference.Infer(new Dictionary<string, Tensor> { ["conv1.weight"] = empty([8, 3, 3, 3], device: META) }, source: "resnet.pth"));
        Assert.Contains("resnet.pth: has no 'patch_embed.proj.weight'", e.Message);
        Assert.Contains("'conv1.weight'", e.Message);
        var gap = new Dictionary<string, Tensor>
        {
            ["patch_embed.proj.weight"] = empty([64, 3, 2, 8, 8], device: META),
            ["blocks.0.mlp.fc1.weight"] = empty([256, 64], device: META),
            ["blocks.2.mlp.fc1.weight"] = empty([256, 64], device: META),
        };
        Assert.Contains("blocks indices 0, 2", Assert.Throws<InvalidDataException>(() => ArchitectureInference.Infer(gap)).Message);
    }
}
