using VideoMae.Accounting;
using VideoMae.Config;
using VideoMae.Masking;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Tests.Fixtures;
using static TorchSharp.torch;

namespace VideoMae.Tests.Models;

/// <summary>Contracts every preset's modules keep: counts equal the analytic accounting, shapes, gradients, determinism.</summary>
public class ModelContractTests
{
    public ModelContractTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string> SmallPresets => new() { "tiny", "research-s", "research-112" };

    private static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Theory, MemberData(nameof(SmallPresets))]
    public void Built_parameter_counts_equal_the_analytic_counts(string preset)
    {
        var config = Presets.Get(preset);
        using var model = new PretrainModel(config);
        Assert.Equal(ParameterCounter.Encoder(config.Encoder), Count(model.Encoder));
        Assert.Equal(ParameterCounter.Encoder(config.Encoder) + ParameterCounter.Decoder(config), Count(model));
        using var classifier = new VideoClassifier(config.Encoder, 10);
        Assert.Equal(ParameterCounter.Classifier(config.Encoder, 10), Count(classifier));
    }

    // Built on the meta device: counting needs shapes only, and ViT-g's 4 GB of initialised float32 took 20 s.
    private static long CountOnMeta(VitConfig config) => MetaDevice.Build(() =>
    {
        using var encoder = new VitEncoder(config);
        return Count(encoder);
    });

    [Fact]
    public void ViT_B_encoder_built_has_86_23_M_parameters() => Assert.Equal(86.23, CountOnMeta(Presets.VitB.Encoder) / 1e6, 2);

    [Fact]
    public void ViT_g_encoder_built_has_1011_61_M_parameters() => Assert.Equal(1011.61, CountOnMeta(Presets.VitG.Encoder) / 1e6, 2);

    [Theory, MemberData(nameof(SmallPresets))]
    public void Forward_shapes_follow_the_masks_and_every_parameter_gets_a_gradient(string preset)
    {
        var config = Presets.Get(preset);
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var model = new PretrainModel(config);
        var grid = config.Encoder.Grid;
        var rng = new Random(0);
        var pairs = Enumerable.Range(0, 2).Select(_ => DualMasking.V2.Sample(grid, rng)).ToArray();
        var encoderHidden = tensor(pairs.SelectMany(p => p.EncoderHidden).ToArray(), [2, grid.Count]);
        var decoderHidden = tensor(pairs.SelectMany(p => p.DecoderHidden).ToArray(), [2, grid.Count]);
        var counts = MaskCounts.Of(pairs[0]);
        var video = randn([2, 3, config.Encoder.Frames, config.Encoder.ImageSize, config.Encoder.ImageSize]);
        var prediction = model.call(video, encoderHidden, decoderHidden);
        Assert.Equal(new long[] { 2, counts.Reconstructed, config.DecoderOutDim }, prediction.shape);
        Assert.False(prediction.isnan().any().item<bool>());
        var loss = VideoMae.Targets.ReconstructionLoss.Compute(prediction, VideoMae.Targets.ReconstructionTarget.Build(video, config.Encoder), encoderHidden, decoderHidden);
        loss.backward();
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"no gradient for {name}");
    }

    [Fact]
    public void The_same_seed_builds_the_same_weights()
    {
        manual_seed(3);
        using var a = new PretrainModel(Presets.Tiny);
        manual_seed(3);
        using var b = new PretrainModel(Presets.Tiny);
        var sa = a.state_dict();
        foreach (var (name, t) in b.state_dict())
            Assert.True(t.equal(sa[name]).all().item<bool>(), name);
    }

    [Fact]
    public void A_clip_of_the_wrong_shape_is_rejected_with_both_shapes()
    {
        using var model = new PretrainModel(Presets.Tiny);
        using var video = zeros([1, 3, 8, 30, 32]);
        using var mask = zeros(1, 64, dtype: ScalarType.Bool);
        var e = Assert.Throws<ArgumentException>(() => model.call(video, mask, mask));
        Assert.Contains("[1, 3, 8, 30, 32]", e.Message);
        Assert.Contains("[B, 3, 8, 32, 32]", e.Message);
    }

    [Fact]
    public void A_mask_with_the_wrong_token_count_or_unequal_counts_is_rejected()
    {
        using var model = new PretrainModel(Presets.Tiny);
        using var video = zeros([2, 3, 8, 32, 32]);
        using var wrong = zeros(2, 60, dtype: ScalarType.Bool);
        var e = Assert.Throws<ArgumentException>(() => model.call(video, wrong, wrong));
        Assert.Contains("60 tokens", e.Message);
        Assert.Contains("64", e.Message);
        using var unequal = zeros(2, 64, dtype: ScalarType.Bool);
        unequal[0, 0] = tensor(true);
        e = Assert.Throws<ArgumentException>(() => model.call(video, unequal, unequal.logical_not()));
        Assert.Contains("different numbers of visible tokens per sample (63, 64)", e.Message);
        using var boolIds = zeros(2, 8, dtype: ScalarType.Bool);
        e = Assert.Throws<ArgumentException>(() => model.Encoder.call(video, boolIds));
        Assert.Contains("expected Int64 [2, K]", e.Message);
    }
}
