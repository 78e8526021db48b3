using TorchSharp;
using VideoMae.Config;
using VideoMae.Layers;
using VideoMae.Runtime;
using VideoMae.Targets;
using static TorchSharp.torch;

namespace VideoMae.Tests.Targets;

public sealed class TargetTests : IDisposable
{
    private readonly DisposeScope _scope;

    public TargetTests()
    {
        TorchRuntime.EnsureLoaded();
        _scope = NewDisposeScope();
    }

    public void Dispose() => _scope.Dispose();

    [Fact]
    public void Merge_inverts_split()
    {
        var config = Presets.Tiny.Encoder;
        var video = randn([2, 3, 8, 32, 32]);
        Assert.True(Tubelets.Merge(Tubelets.Split(video, config).flatten(2), config).equal(video).all().item<bool>());
    }

    [Fact]
    public void Tubelet_token_order_is_the_patch_embedding_order()
    {
        // A Conv3d whose output channel k reads input value k of the tubelet in the target layout
        // ((frame·p + row)·p + col)·C + channel) turns each token into exactly its target vector.
        var config = Presets.Tiny.Encoder with { EmbedDim = 384, NumHeads = 4 };
        using var embed = new PatchEmbed3d(config);
        var weight = zeros([384, 3, 2, 8, 8]);
        for (var f = 0; f < 2; f++)
            for (var r = 0; r < 8; r++)
                for (var c = 0; c < 8; c++)
                    for (var ch = 0; ch < 3; ch++)
                        weight[((f * 8 + r) * 8 + c) * 3 + ch, ch, f, r, c] = tensor(1f);
        using (no_grad())
        {
            var parameters = embed.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            parameters["proj.weight"].copy_(weight);
            parameters["proj.bias"].zero_();
        }
        var video = randn([2, 3, 8, 32, 32]);
        using var noGrad = no_grad();
        Assert.True(embed.call(video).allclose(Tubelets.Split(video, config).flatten(2), atol: 1e-6));
    }

    [Fact]
    public void Target_of_a_hand_built_tubelet_follows_the_reference_formula()
    {
        // One 2×2-pixel, 2-frame tubelet per clip. Pixels (after un-normalising) for channel 0: 0..7, channel 1: all 0.5,
        // channel 2: 0, 0, 0, 0, 0, 0, 0, 8. Per channel: (v − mean) / (unbiased std + 1e-6), laid out (frame, row, col, channel).
        var config = new VitConfig { ImageSize = 2, Frames = 2, Patch = 2, EmbedDim = 4, Depth = 1, NumHeads = 1 };
        float[][] channels = [[0, 1, 2, 3, 4, 5, 6, 7], [.5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f], [0, 0, 0, 0, 0, 0, 0, 8]];
        var pixels = tensor(channels.SelectMany(c => c).ToArray(), [1, 3, 2, 2, 2]);
        // From a normalised clip (the model input, as the reference builds it) and from the pixels (as training does).
        foreach (var built in new[] { ReconstructionTarget.Build(ImageNetNorm.Normalize(pixels), config), ReconstructionTarget.FromPixels(pixels, config) })
        {
            var target = built.data<float>().ToArray();
            Assert.Equal(24, target.Length);
            for (var ch = 0; ch < 3; ch++)
            {
                var v = channels[ch].Select(x => (double)x).ToArray();
                var mean = v.Average();
                var std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
                for (var i = 0; i < 8; i++)
                    Assert.Equal((v[i] - mean) / (std + 1e-6), target[i * 3 + ch], 4);
            }
        }
    }
}
