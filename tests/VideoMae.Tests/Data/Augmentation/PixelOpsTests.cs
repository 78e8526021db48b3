using VideoMae.Data.Augmentation;

namespace VideoMae.Tests.Data.Augmentation;

/// <summary>Each RandAugment op on a small known frame against pixels computed by hand from Pillow's definitions.</summary>
public class PixelOpsTests
{
    private static readonly (byte R, byte G, byte B) Fill = RandAugmentStep.Fill;

    // A 2×2 RGB frame: (0, 64, 200) (10, 128, 255) / (100, 127, 50) (255, 1, 129).
    private static readonly byte[] Quad = [0, 64, 200, 10, 128, 255, 100, 127, 50, 255, 1, 129];

    private static byte[] Grey(params byte[] values) => values.SelectMany(v => new[] { v, v, v }).ToArray();

    [Fact]
    public void Invert_subtracts_from_255()
    {
        Assert.Equal([255, 191, 55, 245, 127, 0, 155, 128, 205, 0, 254, 126], LookupOps.Invert(Quad));
    }

    [Fact]
    public void Posterize_keeps_the_top_bits_and_0_bits_is_black()
    {
        // 2 bits: v & 0b1100_0000.
        Assert.Equal([0, 64, 192, 0, 128, 192, 64, 64, 0, 192, 0, 128], LookupOps.Posterize(Quad, 2));
        Assert.All(LookupOps.Posterize(Quad, 0), v => Assert.Equal(0, v));
        Assert.Equal(Quad, LookupOps.Posterize(Quad, 8));
    }

    [Fact]
    public void Solarize_inverts_from_the_threshold_up_and_solarize_add_lifts_below_128()
    {
        Assert.Equal([0, 64, 55, 10, 127, 0, 100, 127, 50, 0, 1, 126], LookupOps.Solarize(Quad, 128));
        Assert.Equal(Quad, LookupOps.Solarize(Quad, 256));
        Assert.Equal([70, 134, 200, 80, 128, 255, 170, 197, 120, 255, 71, 129], LookupOps.SolarizeAdd(Quad, 70));
    }

    [Fact]
    public void Auto_contrast_stretches_each_channel_to_the_full_range()
    {
        // R is constant (unchanged); G spans 10–95 (scale 3, offset −30); B spans 100–151 (scale 5, offset −500).
        byte[] frame = [7, 10, 100, 7, 50, 151, 7, 95, 120, 7, 60, 101];
        Assert.Equal([7, 0, 0, 7, 120, 255, 7, 255, 100, 7, 150, 5], LookupOps.AutoContrast(frame));
    }

    [Fact]
    public void Equalize_spreads_each_channels_histogram()
    {
        // 1020 pixels. R: 255 × 30, 255 × 90, 510 × 200 → step (1020 − 510) // 255 = 2, lut = (1 + count below) // 2.
        // G: one value (unchanged). B: 510 × 40, 510 × 41 → step 2: 40 → 0, 41 → (1 + 510) // 2 = 255.
        var frame = new byte[1020 * 3];
        for (var i = 0; i < 1020; i++)
            (frame[3 * i], frame[3 * i + 1], frame[3 * i + 2]) = ((byte)(i < 255 ? 30 : i < 510 ? 90 : 200), (byte)77, (byte)(40 + i % 2));
        var result = LookupOps.Equalize(frame);
        Assert.Equal([0, 77, 0], result[..3]);
        Assert.Equal([128, 77, 255], result[(257 * 3)..(258 * 3)]);
        Assert.Equal([255, 77, 0], result[(600 * 3)..(601 * 3)]);
    }

    [Fact]
    public void Colour_blends_with_the_frames_luma_and_truncates()
    {
        // luma(200, 100, 50) = (200·19595 + 100·38470 + 50·7471 + 32768) >> 16 = 124.
        byte[] pixel = [200, 100, 50];
        Assert.Equal([162, 112, 87], EnhanceOps.Color(pixel, 0.5));      // 124 + 0.5·(v − 124)
        Assert.Equal([238, 88, 13], EnhanceOps.Color(pixel, 1.5));
        Assert.Equal([255, 78, 0], EnhanceOps.Color(pixel, 1.9));        // 268.4 and −16.6 are clipped, 78.4 truncated
        Assert.Equal([124, 124, 124], EnhanceOps.Color(pixel, 0));
    }

    [Fact]
    public void Contrast_blends_with_the_rounded_mean_luma_and_brightness_with_black()
    {
        // Lumas 124 and 0: mean 62.
        byte[] frame = [200, 100, 50, 0, 0, 0];
        Assert.Equal([131, 81, 56, 31, 31, 31], EnhanceOps.Contrast(frame, 0.5));
        byte[] pixel = [201, 100, 51];
        Assert.Equal([100, 50, 25], EnhanceOps.Brightness(pixel, 0.5));  // 100.5 and 25.5 truncate
        Assert.Equal([255, 150, 76], EnhanceOps.Brightness(pixel, 1.5));
    }

    [Fact]
    public void Sharpness_blends_with_the_smoothed_frame_whose_border_is_unfiltered()
    {
        // 3×3 grey, centre 13, bottom-right 26: the smoothed centre is (5·13 + 26)/13 = 7.
        var frame = Grey(0, 0, 0, 0, 13, 0, 0, 0, 26);
        Assert.Equal(Grey(0, 0, 0, 0, 7, 0, 0, 0, 26), EnhanceOps.Smooth(frame, 3, 3));
        Assert.Equal(Grey(0, 0, 0, 0, 19, 0, 0, 0, 26), EnhanceOps.Sharpness(frame, 3, 3, 2.0));   // 7 + 2·(13 − 7)
        Assert.Equal(Grey(0, 0, 0, 0, 10, 0, 0, 0, 26), EnhanceOps.Sharpness(frame, 3, 3, 0.5));
    }

    [Fact]
    public void Whole_pixel_shifts_move_the_content_and_fill_what_they_uncover()
    {
        var row = Grey(10, 20, 30, 40);
        Assert.Equal(Grey(20, 30, 40, Fill.R), AffineWarp.TranslateX(row, 4, 1, 0.25, Fill));    // +1 px samples x + 1: left
        Assert.Equal(Grey(Fill.R, 10, 20, 30), AffineWarp.TranslateX(row, 4, 1, -0.25, Fill));
        var column = Grey(10, 20, 30, 40);
        Assert.Equal(Grey(20, 30, 40, Fill.R), AffineWarp.TranslateY(column, 1, 4, 0.25, Fill));  // up
    }

    [Fact]
    public void A_fractional_shift_samples_with_pillows_bicubic()
    {
        // Shift by 0.25 px: each output samples x + 0.25 with a = −1 cubic weights, edges clamped, truncated:
        // 2.03125, 13.4375, 23.90625, 31.40625.
        Assert.Equal(Grey(2, 13, 23, 31), AffineWarp.TranslateX(Grey(0, 10, 20, 30), 4, 1, 0.0625, Fill));
        Assert.Equal(13.4375, AffineWarp.Cubic(0, 10, 20, 30, 0.25));
    }

    [Fact]
    public void Shear_x_shifts_each_row_by_factor_times_its_height_from_the_top()
    {
        // Factor 2 shifts a row by 2·(y + ½): row 0 samples x + 1, row 1 samples x + 3.
        var frame = Grey(1, 2, 3, 4, 5, 6, 7, 8);
        Assert.Equal(Grey(2, 3, 4, Fill.R, 8, Fill.R, Fill.R, Fill.R), AffineWarp.ShearX(frame, 4, 2, 2.0, Fill));
        // Shear y is its transpose: column 0 samples y + 1, column 1 samples y + 3.
        var tall = Grey(1, 5, 2, 6, 3, 7, 4, 8);
        Assert.Equal(Grey(2, 8, 3, Fill.R, 4, Fill.R, Fill.R, Fill.R), AffineWarp.ShearY(tall, 2, 4, 2.0, Fill));
        // Factor 1 shifts row 0 by half a pixel: the cubic between 1 and 2 (edge clamped) is 1.375.
        Assert.Equal(1, AffineWarp.ShearX(frame, 4, 2, 1.0, Fill)[0]);
    }

    [Fact]
    public void Rotate_turns_counter_clockwise_about_the_centre_and_fills_the_corners()
    {
        // 90°: [[a, b], [c, d]] → [[b, d], [a, c]].
        Assert.Equal(Grey(2, 4, 1, 3), AffineWarp.Rotate(Grey(1, 2, 3, 4), 2, 2, 90, Fill));
        Assert.Equal(Grey(1, 2, 3, 4), AffineWarp.Rotate(Grey(1, 2, 3, 4), 2, 2, 0, Fill));
        // 30° of a flat 8×8 frame: the centre keeps its value (a cubic through equal samples is flat), the corners are filled.
        var flat = Enumerable.Repeat((byte)200, 8 * 8 * 3).ToArray();
        var turned = AffineWarp.Rotate(flat, 8, 8, 30, Fill);
        Assert.Equal([200, 200, 200], turned[((3 * 8 + 3) * 3)..((3 * 8 + 4) * 3)]);
        Assert.Equal([Fill.R, Fill.G, Fill.B], turned[..3]);
        Assert.All(turned, v => Assert.True(v is 200 or 128, $"{v}"));
    }

    [Fact]
    public void Ops_leave_their_input_alone_and_name_a_frame_of_the_wrong_size()
    {
        var copy = (byte[])Quad.Clone();
        foreach (var op in RandAugmentOps.All)
            RandAugmentStep.At(op, 7, increasing: true, negate: false).Apply(Quad, 2, 2);
        Assert.Equal(copy, Quad);
        Assert.Contains("5×2", Assert.Throws<ArgumentException>(() => AffineWarp.ShearX(Quad, 5, 2, 0.1, Fill)).Message);
        Assert.Contains("RGB24", Assert.Throws<ArgumentException>(() => LookupOps.Invert([1, 2])).Message);
    }
}
