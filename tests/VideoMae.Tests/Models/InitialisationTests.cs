using VideoMae.Config;
using VideoMae.Models;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Tests.Models;

/// <summary>SPEC §1.4: which initialisation each parameter of the reference gets.</summary>
public class InitialisationTests
{
    public InitialisationTests() => TorchRuntime.EnsureLoaded();

    private static Dictionary<string, Tensor> Parameters(nn.Module m) => m.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);

    [Fact]
    public void Pretraining_linears_are_xavier_uniform_with_zero_biases_and_the_mask_token_is_truncated_at_0_02()
    {
        manual_seed(0);
        using var model = new PretrainModel(Presets.ResearchB);
        var p = Parameters(model);
        // qkv [3D, D]: xavier bound sqrt(6 / (D + 3D)); a uniform's std is bound/√3.
        var qkv = p["encoder.blocks.0.attn.qkv.weight"];
        var bound = Math.Sqrt(6.0 / (384 + 3 * 384));
        Assert.True(qkv.abs().max().item<float>() <= bound + 1e-6);
        Assert.Equal(bound / Math.Sqrt(3), qkv.std().item<float>(), 3);
        Assert.Equal(0, p["encoder.blocks.0.attn.q_bias"].abs().sum().item<float>());
        Assert.Equal(0, p["decoder.blocks.1.mlp.fc2.bias"].abs().sum().item<float>());
        Assert.Equal(1, p["decoder.norm.weight"].mean().item<float>());
        var maskToken = p["mask_token"];
        Assert.True(maskToken.abs().max().item<float>() <= 0.02f);
        Assert.True(maskToken.std().item<float>() > 0.005f);
        // The patch embedding keeps PyTorch's default Conv3d init, U(±1/√fan_in) with fan_in = 3·2·8·8.
        Assert.True(p["encoder.patch_embed.proj.weight"].abs().max().item<float>() <= 1 / Math.Sqrt(384) + 1e-6);
    }

    [Fact]
    public void Classifier_linears_are_normal_0_02_and_the_head_is_scaled_by_0_001()
    {
        manual_seed(0);
        using var model = new VideoClassifier(Presets.ResearchB.Encoder, classes: 50);
        var p = Parameters(model);
        Assert.Equal(0.02, p["blocks.0.mlp.fc1.weight"].std().item<float>(), 3);
        Assert.Equal(0.02 * 0.001, p["head.weight"].std().item<float>(), 6);
        Assert.Equal(0, p["head.bias"].abs().sum().item<float>());
        Assert.False(p.ContainsKey("norm.weight"));
    }

    [Fact]
    public void Truncated_normal_respects_its_bounds_and_the_truncated_variance()
    {
        manual_seed(1);
        using var t = empty(200_000);
        VideoMae.Layers.Initialisation.TruncatedNormal_(t, mean: 0, std: 2, a: -2, b: 2);
        // N(0, 2²) cut at ±1σ has standard deviation 2·0.5377 (the variance of N(0,1) truncated at ±1 is 0.2911).
        Assert.True(t.abs().max().item<float>() <= 2f);
        Assert.Equal(2 * 0.5377, t.std().item<float>(), 2);
        Assert.Equal(0, t.mean().item<float>(), 2);
    }
}
