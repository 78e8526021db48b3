using VideoMae.Data.Augmentation;

namespace VideoMae.Tests.Data;

public class CropTests
{
    [Fact]
    public void Multi_scale_crop_uses_the_reference_sides_and_fixed_offsets()
    {
        // 320×240 → base 240; sides int(240·{1, .875, .75, .66}) = 240, 210, 180, 158; none within 3 px of 224.
        int[] sides = [240, 210, 180, 158];
        var rng = new Random(0);
        for (var i = 0; i < 500; i++)
        {
            var box = MultiScaleCrop.Sample(320, 240, 224, rng);
            var wi = Array.IndexOf(sides, box.Width);
            var hi = Array.IndexOf(sides, box.Height);
            Assert.True(wi >= 0 && hi >= 0 && Math.Abs(wi - hi) <= 1, $"{box}");
            Assert.Contains((box.X, box.Y), MultiScaleCrop.FixedOffsets(320, 240, box.Width, box.Height));
            Assert.False(box.Flip);
        }
    }

    [Fact]
    public void Fixed_offsets_are_corners_centre_edges_and_quarter_points()
    {
        // 320×240 with a 240×160 crop: steps 20 and 20.
        var offsets = MultiScaleCrop.FixedOffsets(320, 240, 240, 160);
        Assert.Equal(13, offsets.Count);
        Assert.Equal(new (int, int)[] { (0, 0), (80, 0), (0, 80), (80, 80), (40, 40), (0, 40), (80, 40), (40, 80), (40, 0), (20, 20), (60, 20), (20, 60), (60, 60) }, offsets);
    }

    [Fact]
    public void A_side_that_snaps_to_the_output_size_snaps()
    {
        // 256×256 → int(256·.875) = 224 exactly; 226 (within 3 px) would snap as well.
        var rng = new Random(3);
        Assert.Contains(Enumerable.Range(0, 200).Select(_ => MultiScaleCrop.Sample(226, 226, 224, rng)), b => b.Width == 224 && b.Height == 224);
    }

    [Fact]
    public void Random_resized_crops_stay_inside_cover_the_scale_range_and_flip_half_the_time()
    {
        var rng = new Random(5);
        var boxes = Enumerable.Range(0, 2000).Select(_ => RandomResizedCrop.Sample(160, 120, rng)).ToList();
        Assert.All(boxes, b => b.Within(160, 120));
        Assert.All(boxes, b => Assert.InRange((double)b.Width * b.Height / (160 * 120), 0.07, 1.0));
        Assert.All(boxes, b => Assert.InRange((double)b.Width / b.Height, 0.7, 1.4));
        Assert.InRange(boxes.Count(b => b.Flip) / 2000.0, 0.45, 0.55);
        Assert.DoesNotContain(Enumerable.Range(0, 200).Select(_ => RandomResizedCrop.Sample(160, 120, rng, flip: false)), b => b.Flip);
    }

    [Fact]
    public void Three_test_crops_are_left_centre_right_of_a_wide_frame()
    {
        Assert.Equal((298, 224), TestCrops.ResizeShortSide(320, 240, 224));
        var boxes = TestCrops.Boxes(298, 224, 224, 3);
        Assert.Equal([0, 37, 74], boxes.Select(b => b.X));
        Assert.All(boxes, b => Assert.Equal((0, 224, 224), (b.Y, b.Width, b.Height)));
    }
}
