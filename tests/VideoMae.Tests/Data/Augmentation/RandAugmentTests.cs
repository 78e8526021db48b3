using VideoMae.Data.Augmentation;
using VideoMae.Data.Video;

namespace VideoMae.Tests.Data.Augmentation;

/// <summary>The per-clip draw: op choice, firing, the magnitude schedule and its mapping to arguments, one draw for all frames.</summary>
public class RandAugmentTests
{
    [Fact]
    public void The_increasing_mapping_at_m7_gives_timms_arguments()
    {
        static double Arg(RandAugmentOp op, bool negate = false) => RandAugmentStep.At(op, 7, increasing: true, negate).Argument;
        Assert.Equal(21.0, Arg(RandAugmentOp.Rotate));
        Assert.Equal(-21.0, Arg(RandAugmentOp.Rotate, negate: true));
        Assert.Equal(2, Arg(RandAugmentOp.Posterize));          // 4 − int(2.8)
        Assert.Equal(77, Arg(RandAugmentOp.Solarize));          // 256 − int(179.2)
        Assert.Equal(77, Arg(RandAugmentOp.SolarizeAdd));       // int(77.0)
        Assert.Equal(1.63, Arg(RandAugmentOp.Color), 12);
        Assert.Equal(0.37, Arg(RandAugmentOp.Sharpness, negate: true), 12);
        Assert.Equal(0.21, Arg(RandAugmentOp.ShearX), 12);
        Assert.Equal(-0.315, Arg(RandAugmentOp.TranslateY, negate: true), 12);
        Assert.Equal(0, Arg(RandAugmentOp.Equalize));
    }

    [Fact]
    public void Increasing_ops_do_nothing_at_0_and_most_at_10_and_the_plain_ones_do_not_increase()
    {
        static double Arg(RandAugmentOp op, double m, bool increasing) => RandAugmentStep.At(op, m, increasing, negate: false).Argument;
        Assert.Equal((4.0, 0.0), (Arg(RandAugmentOp.Posterize, 0, true), Arg(RandAugmentOp.Posterize, 10, true)));
        Assert.Equal((256.0, 0.0), (Arg(RandAugmentOp.Solarize, 0, true), Arg(RandAugmentOp.Solarize, 10, true)));
        Assert.Equal((1.0, 1.9), (Arg(RandAugmentOp.Contrast, 0, true), Arg(RandAugmentOp.Contrast, 10, true)));
        // timm's plain variants: posterize int(4f) bits, solarize threshold int(256f), enhance 0.1 + 1.8f.
        Assert.Equal((0.0, 4.0), (Arg(RandAugmentOp.Posterize, 0, false), Arg(RandAugmentOp.Posterize, 10, false)));
        Assert.Equal((0.0, 256.0), (Arg(RandAugmentOp.Solarize, 0, false), Arg(RandAugmentOp.Solarize, 10, false)));
        Assert.Equal(1.36, Arg(RandAugmentOp.Brightness, 7, false), 12);
        Assert.Throws<ArgumentException>(() => RandAugmentStep.At(RandAugmentOp.Rotate, 10.5, true, false));
    }

    [Fact]
    public void Four_draws_fire_half_the_time_at_magnitudes_around_7_with_sigma_one_half_and_random_signs()
    {
        var augment = new RandAugment(RandAugmentPolicy.Reference);
        var rng = new Random(1);
        var draws = Enumerable.Range(0, 4000).Select(_ => augment.Draw(rng)).ToList();
        var steps = draws.SelectMany(d => d).ToList();
        Assert.All(draws, d => Assert.InRange(d.Count, 0, 4));
        Assert.InRange(steps.Count / 4000.0, 1.9, 2.1);                 // Binomial(4, 1/2)
        var magnitudes = steps.Select(s => s.Magnitude).ToList();
        Assert.InRange(magnitudes.Average(), 6.97, 7.03);
        var sd = Math.Sqrt(magnitudes.Average(m => (m - 7) * (m - 7)));
        Assert.InRange(sd, 0.47, 0.53);
        var counts = steps.GroupBy(s => s.Op).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(15, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n / (double)steps.Count, 1 / 15.0 - 0.015, 1 / 15.0 + 0.015));
        var rotations = steps.Where(s => s.Op == RandAugmentOp.Rotate).ToList();
        Assert.InRange(rotations.Count(s => s.Argument < 0) / (double)rotations.Count, 0.42, 0.58);
        Assert.All(rotations, s => Assert.Equal(Math.Abs(s.Argument), s.Magnitude * 3, 9));
    }

    [Fact]
    public void Without_noise_the_magnitude_is_m_and_noise_is_clipped_to_the_scale()
    {
        var rng = new Random(2);
        var exact = new RandAugment(new RandAugmentPolicy(7, 4, 0, true));
        Assert.All(Enumerable.Range(0, 200).SelectMany(_ => exact.Draw(rng)), s => Assert.Equal(7, s.Magnitude));
        var top = new RandAugment(new RandAugmentPolicy(10, 4, 2, true));
        var magnitudes = Enumerable.Range(0, 2000).Select(_ => top.Magnitude(rng)).ToList();
        Assert.Equal(10, magnitudes.Max());
        Assert.InRange(magnitudes.Count(m => m == 10) / 2000.0, 0.45, 0.55);   // the upper half of N(10, 4) lands on 10
        var bottom = new RandAugment(new RandAugmentPolicy(0, 1, 1, true));
        Assert.Equal(0, Enumerable.Range(0, 500).Min(_ => bottom.Magnitude(rng)));
    }

    [Fact]
    public void An_op_subset_is_all_that_is_drawn()
    {
        var augment = new RandAugment(RandAugmentPolicy.Reference, RandAugmentOps.DirectionSafe);
        var rng = new Random(3);
        var ops = Enumerable.Range(0, 2000).SelectMany(_ => augment.Draw(rng)).Select(s => s.Op).ToHashSet();
        Assert.Equal(RandAugmentOps.DirectionSafe.Order(), ops.Order());
        Assert.DoesNotContain(RandAugmentOp.Rotate, ops);
    }

    [Fact]
    public void One_draw_applies_to_every_frame_of_the_clip()
    {
        // Four different 8×6 frames; the first and last are the same array, as a short video's repeated frame is.
        var rng = new Random(4);
        var frames = Enumerable.Range(0, 3).Select(_ => { var f = new byte[8 * 6 * 3]; rng.NextBytes(f); return f; }).ToList();
        var clip = new DecodedClip([frames[0], frames[1], frames[2], frames[0]], 8, 6);
        var augment = new RandAugment(new RandAugmentPolicy(9, 6, 0.5, true));
        for (var seed = 0; seed < 20; seed++)
        {
            var augmented = augment.Apply(clip, new Random(seed));
            var steps = augment.Draw(new Random(seed));
            for (var i = 0; i < clip.Frames.Length; i++)
            {
                var expected = steps.Aggregate(clip.Frames[i], (f, s) => s.Apply(f, 8, 6));
                Assert.Equal(expected, augmented.Frames[i]);
            }
            Assert.Same(augmented.Frames[0], augmented.Frames[3]);
        }
        // Identical frames stay identical whatever the draw.
        var same = new DecodedClip([frames[1], (byte[])frames[1].Clone(), (byte[])frames[1].Clone()], 8, 6);
        for (var seed = 0; seed < 20; seed++)
        {
            var augmented = augment.Apply(same, new Random(seed));
            Assert.Equal(augmented.Frames[0], augmented.Frames[1]);
            Assert.Equal(augmented.Frames[0], augmented.Frames[2]);
        }
    }

    [Fact]
    public void None_makes_no_augmenter_and_a_bad_op_set_is_named()
    {
        Assert.Null(RandAugment.For(RandAugmentPolicy.None));
        Assert.NotNull(RandAugment.For(RandAugmentPolicy.Reference));
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new RandAugment(RandAugmentPolicy.Reference, [RandAugmentOp.Invert, RandAugmentOp.Invert])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new RandAugment(RandAugmentPolicy.Reference, [])).Message);
    }

    [Fact]
    public void Op_sets_parse_from_names_timm_names_and_the_two_shorthands()
    {
        Assert.Null(RandAugmentOps.Parse("all"));
        Assert.Equal(RandAugmentOps.DirectionSafe, RandAugmentOps.Parse("direction-safe"));
        Assert.Equal([RandAugmentOp.Invert, RandAugmentOp.TranslateX, RandAugmentOp.Posterize], RandAugmentOps.Parse("invert, TranslateXRel,PosterizeIncreasing"));
        Assert.Equal(12, RandAugmentOps.DirectionSafe.Count);
        Assert.DoesNotContain(RandAugmentOp.ShearX, RandAugmentOps.DirectionSafe);
        var unknown = Assert.Throws<ArgumentException>(() => RandAugmentOps.Parse("invert,flip"));
        Assert.Contains("'flip'", unknown.Message);
        Assert.Contains("translate-x", unknown.Message);
        Assert.Contains("empty name", Assert.Throws<ArgumentException>(() => RandAugmentOps.Parse("invert,,rotate")).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => RandAugmentOps.Parse("rotate,Rotate")).Message);
    }
}
