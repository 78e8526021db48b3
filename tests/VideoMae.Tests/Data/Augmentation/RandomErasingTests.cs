using VideoMae.Data.Augmentation;
using VideoMae.Targets;
using static TorchSharp.torch;

namespace VideoMae.Tests.Data.Augmentation;

public class RandomErasingTests
{
    [Fact]
    public void Boxes_cover_2_to_33_percent_with_aspect_0_3_to_3_3_inside_the_frame()
    {
        var rng = new Random(6);
        var boxes = Enumerable.Range(0, 5000).Select(_ => RandomErasing.Sample(224, 224, 1.0, rng)).ToList();
        Assert.All(boxes, b => Assert.NotNull(b));
        foreach (var box in boxes.Select(b => b!.Value))
        {
            Assert.True(box.Height < 224 && box.Width < 224 && box.Top >= 0 && box.Left >= 0 && box.Top + box.Height <= 224 && box.Left + box.Width <= 224, $"{box}");
            // Sides are rounded to whole pixels: allow half a pixel on each.
            var area = box.Height * box.Width / (224.0 * 224);
            Assert.InRange(area, 0.02 * 0.97, 1 / 3.0 * 1.03);
            Assert.InRange((double)box.Height / box.Width, 0.3 * 0.97, 1 / 0.3 * 1.03);
        }
        var areas = boxes.Select(b => b!.Value.Height * b.Value.Width / (224.0 * 224)).ToList();
        Assert.True(areas.Min() < 0.03 && areas.Max() > 0.32, $"{areas.Min()} – {areas.Max()}");
        var logAspects = boxes.Select(b => Math.Log((double)b!.Value.Height / b.Value.Width)).ToList();
        Assert.InRange(logAspects.Average(), -0.03, 0.03);               // log-uniform: symmetric about 1
        Assert.True(logAspects.Min() < Math.Log(0.33) && logAspects.Max() > Math.Log(3.0));
    }

    [Fact]
    public void A_clip_is_erased_with_the_given_probability_and_never_at_0()
    {
        var rng = new Random(7);
        var erased = Enumerable.Range(0, 4000).Count(_ => RandomErasing.Sample(32, 48, 0.25, rng) is not null);
        Assert.InRange(erased / 4000.0, 0.22, 0.28);
        Assert.All(Enumerable.Range(0, 200), _ => Assert.Null(RandomErasing.Sample(32, 48, 0, rng)));
        Assert.Contains("random_erasing = 1.5", Assert.Throws<ArgumentException>(() => RandomErasing.Sample(32, 48, 1.5, rng)).Message);
    }

    [Fact]
    public void The_same_box_on_every_frame_holds_fresh_standard_normal_noise_after_normalisation()
    {
        using var scope = NewDisposeScope();
        var clip = full([3, 4, 40, 40], 0.5f);
        var box = new ErasingBox(Top: 5, Left: 8, Height: 20, Width: 25);
        RandomErasing.Erase(clip, box, new Random(8));
        var normalised = ImageNetNorm.Normalize(clip.unsqueeze(0))[0];
        var inside = normalised[.., .., 5..25, 8..33];
        Assert.InRange(inside.mean().item<float>(), -0.05f, 0.05f);
        Assert.InRange(inside.std().item<float>(), 0.95f, 1.05f);
        // Outside the box the clip is untouched, on every frame.
        var outside = clip.clone();
        outside[.., .., 5..25, 8..33] = full([3, 4, 20, 25], 0.5f);
        Assert.Equal(0.0f, (outside - 0.5f).abs().max().item<float>());
        // Every frame's box was erased, each with its own noise.
        Assert.True((inside[.., 0] - inside[.., 1]).abs().max().item<float>() > 0.5f);
        Assert.All(Enumerable.Range(0, 4), t => Assert.True((clip[.., t, 5..25, 8..33] - 0.5f).abs().min().item<float>() > 0));
    }

    [Fact]
    public void Apply_draws_the_box_from_the_clips_size_and_bad_input_is_named()
    {
        using var scope = NewDisposeScope();
        var clip = zeros([3, 2, 16, 16]);
        Assert.True(RandomErasing.Apply(clip, 1.0, new Random(9)));
        Assert.False(RandomErasing.Apply(zeros([3, 2, 16, 16]), 0, new Random(9)));
        Assert.True(clip.ne(0).any().item<bool>());
        Assert.Contains("[3, T, H, W]", Assert.Throws<ArgumentException>(() => RandomErasing.Erase(zeros([2, 16, 16]), new ErasingBox(0, 0, 2, 2), new Random(0))).Message);
        Assert.Contains("does not fit", Assert.Throws<ArgumentException>(() => RandomErasing.Erase(zeros([3, 1, 16, 16]), new ErasingBox(10, 0, 8, 2), new Random(0))).Message);
    }
}
