using VideoMae.Runtime;
using VideoMae.Training.Optimization;
using VideoMae.Training.Regularisation;
using static TorchSharp.torch;

namespace VideoMae.Tests.Training;

public class RegularisationTests
{
    [Fact]
    public void Smoothed_one_hot_labels_put_one_minus_s_plus_s_over_c_on_the_label()
    {
        TorchRuntime.EnsureLoaded();
        using var targets = Mixup.SmoothOneHot(tensor(new long[] { 2, 0 }), classes: 4, smoothing: 0.1);
        Assert.Equal(0.925f, targets[0, 2].item<float>(), 6);
        Assert.Equal(0.025f, targets[0, 0].item<float>(), 6);
        Assert.Equal(0.925f, targets[1, 0].item<float>(), 6);
        Assert.True(allclose(targets.sum(dim: 1), ones(2)));
    }

    [Fact]
    public void Soft_target_cross_entropy_of_smoothed_labels_equals_label_smoothing_cross_entropy()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(1);
        using var logits = randn(6, 5);
        using var labels = tensor(new long[] { 0, 1, 2, 3, 4, 1 });
        using var ours = SoftTargetCrossEntropy.Compute(logits, Mixup.SmoothOneHot(labels, 5, 0.1));
        using var theirs = nn.functional.cross_entropy(logits, labels, label_smoothing: 0.1);
        Assert.Equal(theirs.item<float>(), ours.item<float>(), 5);
    }

    [Fact]
    public void Mixup_blends_each_clip_with_its_mirror_in_the_batch_by_one_lambda()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(2);
        using var video = randn([4, 3, 2, 8, 8]);
        using var labels = tensor(new long[] { 0, 1, 2, 3 });
        var mixup = new Mixup(MixupAlpha: 0.8, CutmixAlpha: 0, Probability: 1, SwitchProbability: 0.5, LabelSmoothing: 0);
        var (mixed, targets) = mixup.Apply(video, labels, 4, new Random(7));
        var lambda = targets[0, 0].item<float>();
        Assert.InRange(lambda, 0, 1);
        Assert.True(allclose(mixed, video * lambda + video.flip(0) * (1 - lambda), atol: 1e-6));
        Assert.Equal(1 - lambda, targets[0, 3].item<float>(), 6);
    }

    [Fact]
    public void Cutmix_pastes_one_box_into_every_frame_and_weights_labels_by_its_area()
    {
        TorchRuntime.EnsureLoaded();
        using var video = arange(4).reshape(4, 1, 1, 1, 1).expand(4, 3, 2, 16, 16).contiguous().to(ScalarType.Float32);
        using var labels = tensor(new long[] { 0, 1, 2, 3 });
        var cutmix = new Mixup(MixupAlpha: 0, CutmixAlpha: 1, Probability: 1, SwitchProbability: 1, LabelSmoothing: 0);
        var (mixed, targets) = cutmix.Apply(video, labels, 4, new Random(11));
        // Clip 0 holds value 0 outside the box and clip 3's value 3 inside it, in every channel and frame alike.
        var pasted = mixed[0].eq(3).to(ScalarType.Float32);
        Assert.True(equal(pasted, pasted[0, 0].expand([3, 2, 16, 16])).all().item<bool>());
        var area = pasted[0, 0].sum().item<float>() / 256f;
        Assert.Equal(1 - area, targets[0, 0].item<float>(), 5);
        Assert.Equal(area, targets[0, 3].item<float>(), 5);
    }

    [Fact]
    public void Mixing_an_odd_batch_is_refused()
    {
        TorchRuntime.EnsureLoaded();
        var mixup = new Mixup(0.8, 1.0, 1, 0.5, 0.1);
        var e = Assert.Throws<ArgumentException>(() => mixup.Apply(zeros([3, 3, 2, 4, 4]), tensor(new long[] { 0, 1, 2 }), 3, new Random(0)));
        Assert.Contains("even batch", e.Message);
    }

    [Fact]
    public void Beta_draws_have_the_mean_and_variance_of_the_distribution()
    {
        var rng = new Random(5);
        var draws = Enumerable.Range(0, 20000).Select(_ => BetaSampler.Symmetric(0.8, rng)).ToArray();
        var mean = draws.Average();
        var variance = draws.Select(d => (d - mean) * (d - mean)).Average();
        // Beta(α, α): mean 1/2, variance 1/(4(2α + 1)) = 0.0962 for α = 0.8.
        Assert.Equal(0.5, mean, 2);
        Assert.Equal(1 / (4 * (2 * 0.8 + 1)), variance, 2);
    }

    [Fact]
    public void Distillation_loss_is_zero_for_equal_logits_and_matches_a_hand_computed_kl()
    {
        TorchRuntime.EnsureLoaded();
        using var same = tensor(new[,] { { 1f, 2f, 3f } });
        Assert.Equal(0f, Distillation.Loss(same, same, 2.0).item<float>(), 6);
        // Two classes, T = 2: p_t = softmax([0, 2]/2), p_s = softmax([0, 0]) → T²·Σ p_t·log(p_t/p_s).
        var pt1 = 1 / (1 + Math.Exp(-1.0));
        var kl = pt1 * Math.Log(pt1 / 0.5) + (1 - pt1) * Math.Log((1 - pt1) / 0.5);
        using var loss = Distillation.Loss(tensor(new[,] { { 0f, 0f } }), tensor(new[,] { { 0f, 2f } }), 2.0);
        Assert.Equal(4 * kl, loss.item<float>(), 5);
    }

    [Fact]
    public void Gradient_clipping_scales_gradients_to_the_maximum_norm_and_reports_the_norm_before()
    {
        TorchRuntime.EnsureLoaded();
        using var a = new TorchSharp.Modules.Parameter(zeros(2));
        using var b = new TorchSharp.Modules.Parameter(zeros(1));
        a.grad = tensor(new[] { 3f, 0f });
        b.grad = tensor(new[] { 4f });
        Assert.Equal(5.0, GradientNorm.ClipAndMeasure([a, b], maxNorm: 1.0), 5);
        Assert.Equal(0.6f, a.grad![0].item<float>(), 5);
        Assert.Equal(0.8f, b.grad![0].item<float>(), 5);
        Assert.Equal(1.0, GradientNorm.ClipAndMeasure([a, b]), 4);
    }
}
