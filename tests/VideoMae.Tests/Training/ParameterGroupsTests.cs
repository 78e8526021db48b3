using VideoMae.Config;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Training.Optimization;

namespace VideoMae.Tests.Training;

public class ParameterGroupsTests
{
    [Fact]
    public void Layer_decay_gives_the_reference_scales_for_a_twelve_block_backbone()
    {
        TorchRuntime.EnsureLoaded();
        // A narrow ViT-B-deep backbone: layer ids depend on depth only.
        var config = new VitConfig { ImageSize = 32, Frames = 4, Patch = 16, EmbedDim = 16, Depth = 12, NumHeads = 1 };
        using var model = new VideoClassifier(config, classes: 3);
        var groups = ParameterGroups.LayerDecay(model, config.Depth, layerDecay: 0.75, weightDecay: 0.05);
        double ScaleOf(string name) => groups.Single(g => g.Parameters.Any(p => p.Name == name)).LearningRateScale;
        // SPEC §5.2: ViT-B with 0.75 — patch embed 0.0238, block 0 0.0317, block 11 0.75, head 1.0.
        Assert.Equal(0.0238, ScaleOf("patch_embed.proj.weight"), 4);
        Assert.Equal(0.0317, ScaleOf("blocks.0.attn.qkv.weight"), 4);
        Assert.Equal(0.75, ScaleOf("blocks.11.mlp.fc2.weight"), 12);
        Assert.Equal(1.0, ScaleOf("head.weight"), 12);
        Assert.Equal(1.0, ScaleOf("fc_norm.weight"), 12);
    }

    [Fact]
    public void Biases_norms_query_value_biases_and_the_mask_token_do_not_decay()
    {
        TorchRuntime.EnsureLoaded();
        using var model = new PretrainModel(Presets.Tiny);
        var groups = ParameterGroups.DecayAndNoDecay(model, weightDecay: 0.05);
        var decay = groups.Where(g => g.WeightDecay == 0.05).SelectMany(g => g.Parameters).Select(p => p.Name).ToHashSet();
        var noDecay = groups.Where(g => g.WeightDecay == 0).SelectMany(g => g.Parameters).Select(p => p.Name).ToHashSet();
        Assert.Contains("mask_token", noDecay);
        Assert.Contains("encoder.blocks.0.attn.q_bias", noDecay);
        Assert.Contains("encoder.blocks.0.norm1.weight", noDecay);
        Assert.Contains("decoder.head.bias", noDecay);
        Assert.Contains("encoder.patch_embed.proj.weight", decay);
        Assert.Contains("encoder.blocks.1.attn.qkv.weight", decay);
        Assert.Contains("encoder_to_decoder.weight", decay);
        Assert.Equal(model.parameters().Count(), decay.Count + noDecay.Count);
        // Every weight matrix decays, every 1-D tensor does not.
        Assert.All(model.named_parameters(), p => Assert.Equal(p.parameter.dim() > 1 && p.name != "mask_token", decay.Contains(p.name)));
    }
}
