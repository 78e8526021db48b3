using TorchSharp;
using TorchSharp.Modules;
using VideoMae.Runtime;
using VideoMae.Training.Optimization;
using static TorchSharp.torch;
using AdamW = VideoMae.Training.Optimization.AdamW;

namespace VideoMae.Tests.Training;

public class AdamWTests
{
    [Fact]
    public void The_first_step_moves_each_weight_by_the_learning_rate_after_decoupled_decay()
    {
        TorchRuntime.EnsureLoaded();
        using var p = new Parameter(tensor(new[] { 1.0f, -2.0f }));
        p.grad = tensor(new[] { 0.5f, -0.25f });
        using var adam = new AdamW([new ParameterGroup("g", [("p", p)], 1.0, 0.01)], 0.9, 0.999);
        adam.Step(0.1);
        // Bias-corrected m̂ = g, v̂ = g², so the update is lr·sign(g) (ε negligible); decay first: p·(1 − lr·wd).
        var expected = new[] { 1.0 * (1 - 0.001) - 0.1, -2.0 * (1 - 0.001) + 0.1 };
        Assert.Equal(expected[0], p[0].item<float>(), 5);
        Assert.Equal(expected[1], p[1].item<float>(), 5);
    }

    [Fact]
    public void Updates_equal_torchsharps_adamw_over_many_steps_with_group_scales()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(3);
        var init = randn(4, 3);
        using var ours = new Parameter(init.clone());
        using var theirs = new Parameter(init.clone());
        using var mine = new AdamW([new ParameterGroup("g", [("w", ours)], LearningRateScale: 0.5, WeightDecay: 0.05)], 0.9, 0.95);
        using var reference = optim.AdamW([theirs], lr: 0.01 * 0.5, beta1: 0.9, beta2: 0.95, weight_decay: 0.05);
        for (var step = 0; step < 20; step++)
        {
            using var scope = NewDisposeScope();
            var grad = randn(4, 3);
            ours.grad = grad.clone().DetachFromDisposeScope();
            theirs.grad = grad.clone().DetachFromDisposeScope();
            mine.Step(0.01);
            reference.step();
        }
        Assert.True(allclose(ours, theirs, rtol: 1e-5, atol: 1e-6), $"max difference {(ours - theirs).abs().max().item<float>()}");
    }

    [Fact]
    public void A_restored_state_continues_exactly_as_the_original()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(4);
        var init = randn(5);
        var grads = Enumerable.Range(0, 6).Select(_ => randn(5)).ToArray();
        using var a = new Parameter(init.clone());
        using var b = new Parameter(init.clone());
        using var first = new AdamW([new ParameterGroup("g", [("w", a)], 1, 0.05)], 0.9, 0.95);
        for (var i = 0; i < 3; i++)
        {
            a.grad = grads[i].clone();
            first.Step(0.01);
        }
        using (no_grad())
            b.copy_(a);
        using var second = new AdamW([new ParameterGroup("g", [("w", b)], 1, 0.05)], 0.9, 0.95);
        second.LoadStateDict(first.StateDict());
        for (var i = 3; i < 6; i++)
        {
            a.grad = grads[i].clone();
            b.grad = grads[i].clone();
            first.Step(0.01);
            second.Step(0.01);
        }
        Assert.True(equal(a, b).all().item<bool>());
    }

    [Fact]
    public void A_state_for_another_parameter_shape_is_refused()
    {
        TorchRuntime.EnsureLoaded();
        using var p = new Parameter(zeros(3));
        using var adam = new AdamW([new ParameterGroup("g", [("w", p)], 1, 0)]);
        var e = Assert.Throws<ArgumentException>(() => adam.LoadStateDict(new Dictionary<string, Tensor>
        {
            ["w.exp_avg"] = zeros(4), ["w.exp_avg_sq"] = zeros(4), ["w.step"] = tensor(1L),
        }));
        Assert.Contains("[4]", e.Message);
    }
}
