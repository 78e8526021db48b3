using VideoMae.Data.Augmentation;
using VideoMae.Data.Video;
using static TorchSharp.torch;

namespace VideoMae.Tests.Data.Augmentation;

public class ClipTensorTests
{
    [Fact]
    public void Upscaling_a_2x2_frame_to_4x4_gives_the_hand_computed_values()
    {
        // Red [[0, 100], [200, 40]]. Scale ½: source x = ½(i + ½) − ½ = −¼ (clamped to 0), ¼, ¾, 1¼ (last pixel, weight
        // clamped), so row 0 → [0, 25, 75, 100], row 1 → [200, 160, 80, 40], and rows blend with the same weights.
        var frame = new byte[] { 0, 1, 2, 100, 1, 2, 200, 1, 2, 40, 1, 2 };
        using var clip = ClipTensor.Make(new DecodedClip([frame], 2, 2), new CropBox(0, 0, 2, 2), 4);
        Assert.Equal(new long[] { 3, 1, 4, 4 }, clip.shape);
        float[] red = [0, 25, 75, 100, 50, 58.75f, 76.25f, 85, 150, 126.25f, 78.75f, 55, 200, 160, 80, 40];
        AssertClose(red.Select(v => v / 255).ToArray(), clip[0].data<float>().ToArray(), 1e-6);
        Assert.All(clip[1].data<float>().ToArray(), v => Assert.Equal(1 / 255f, v, 1e-6));
    }

    [Fact]
    public void Downscaling_a_crop_reads_from_its_offset_and_mirrors_when_flipped()
    {
        // Red = 10·column, green = 10·row. A 5×5 crop at (2, 1) to 2×2, scale 2.5: source positions 2.5·½ − ½ = ¾ and
        // 2.5·1½ − ½ = 3¼ of the crop, i.e. red 10·(2 + ¾) = 27.5 and 10·(2 + 3¼) = 52.5, green 17.5 and 42.5.
        var frame = new byte[8 * 7 * 3];
        for (var y = 0; y < 7; y++)
            for (var x = 0; x < 8; x++)
                (frame[(y * 8 + x) * 3], frame[(y * 8 + x) * 3 + 1], frame[(y * 8 + x) * 3 + 2]) = ((byte)(10 * x), (byte)(10 * y), 7);
        var decoded = new DecodedClip([frame], 8, 7);
        using var plain = ClipTensor.Make(decoded, new CropBox(2, 1, 5, 5), 2);
        using var flipped = ClipTensor.Make(decoded, new CropBox(2, 1, 5, 5, Flip: true), 2);
        AssertClose(new[] { 27.5f, 52.5f, 27.5f, 52.5f }.Select(v => v / 255).ToArray(), plain[0].data<float>().ToArray(), 1e-6);
        AssertClose(new[] { 17.5f, 17.5f, 42.5f, 42.5f }.Select(v => v / 255).ToArray(), plain[1].data<float>().ToArray(), 1e-6);
        AssertClose(new[] { 52.5f, 27.5f, 52.5f, 27.5f }.Select(v => v / 255).ToArray(), flipped[0].data<float>().ToArray(), 1e-6);
        AssertClose(new[] { 7 / 255f, 7 / 255f, 7 / 255f, 7 / 255f }, flipped[2].data<float>().ToArray(), 1e-6);
    }

    [Theory]
    [InlineData(426, 320, 10, 31, 280, 240, 224, false)]   // downscale, wide crop, offset
    [InlineData(426, 320, 0, 0, 320, 320, 224, true)]     // downscale, square, flipped
    [InlineData(64, 48, 3, 5, 37, 29, 64, false)]         // upscale, odd crop sides
    [InlineData(64, 48, 1, 0, 47, 48, 61, true)]          // odd output size, flipped
    [InlineData(300, 200, 7, 11, 224, 150, 224, false)]   // one side unchanged, the other scaled up
    [InlineData(50, 40, 49, 39, 1, 1, 5, false)]          // a 1×1 crop at the far corner
    [InlineData(33, 33, 0, 0, 33, 33, 33, true)]          // no resize, flip only
    public void Equals_torch_bilinear_interpolate_of_the_cropped_frames(int width, int height, int x, int y, int cropW, int cropH, int size, bool flip)
    {
        var rng = new Random(width * 31 + size);
        var frames = Enumerable.Range(0, 3).Select(_ =>
        {
            var f = new byte[width * height * 3];
            rng.NextBytes(f);
            return f;
        }).ToArray();
        var box = new CropBox(x, y, cropW, cropH, flip);
        using var made = ClipTensor.Make(new DecodedClip(frames, width, height), box, size);
        using var expected = TorchReference(frames, width, height, box, size);
        Assert.Equal(expected.shape, made.shape);
        var difference = (made - expected).abs().max().item<float>();
        Assert.True(difference <= 1e-5, $"max |ClipTensor − torch| = {difference}");
    }

    [Fact]
    public void A_frame_of_the_wrong_length_is_refused()
    {
        var clip = new DecodedClip([new byte[4 * 4 * 3], new byte[4 * 4 * 3 - 1]], 4, 4);
        var e = Assert.Throws<ArgumentException>(() => ClipTensor.Make(clip, new CropBox(0, 0, 4, 4), 2));
        Assert.Contains("frame 1 holds 47 bytes; expected 4×4×3 = 48", e.Message);
    }

    /// <summary>The clip as torch computes it: [T, H, W, 3] bytes → [T, 3, h, w] in [0, 1], bilinear interpolate, flip, [3, T, S, S].</summary>
    private static Tensor TorchReference(byte[][] frames, int width, int height, CropBox box, int size)
    {
        using var scope = NewDisposeScope();
        var video = stack(frames.Select(f => tensor(f, [height, width, 3])).ToArray())
            .permute(0, 3, 1, 2)[.., .., box.Y..(box.Y + box.Height), box.X..(box.X + box.Width)]
            .to(ScalarType.Float32).contiguous() / 255;
        var resized = nn.functional.interpolate(video, [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
        if (box.Flip)
            resized = resized.flip(3);
        return resized.permute(1, 0, 2, 3).contiguous().MoveToOuterDisposeScope();
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
