using VideoMae.Data.Sampling;

namespace VideoMae.Tests.Data;

public class ClipSamplingTests
{
    [Fact]
    public void Dense_takes_frames_at_the_stride_from_the_drawn_start()
    {
        Assert.Equal([10, 14, 18, 22, 26, 30, 34, 38, 42, 46, 50, 54, 58, 62, 66, 70], ClipSampling.Dense(100, 16, 4, new FixedRandom(10)));
        // Starts are drawn from [0, 100 − 64]: the largest start still fits.
        Assert.Equal(36 + 60, ClipSampling.Dense(100, 16, 4, new FixedRandom(999)).Last());
    }

    [Fact]
    public void Dense_on_a_short_video_starts_at_0_and_repeats_the_last_frame()
    {
        Assert.Equal([0, 4, 8, 12, 16, 20, 24, 28, 29, 29, 29, 29, 29, 29, 29, 29], ClipSampling.Dense(30, 16, 4, new FixedRandom(3)));
    }

    [Fact]
    public void Dense_window_spreads_frames_evenly_over_a_window_ending_at_the_drawn_point()
    {
        // window 64, end = 64 + 5 = 69, start 5; int(5 + 64·i/15), the last clipped to end − 1 = 68.
        int[] expected = [5, 9, 13, 17, 22, 26, 30, 34, 39, 43, 47, 51, 56, 60, 64, 68];
        Assert.Equal(expected, ClipSampling.DenseWindow(100, 16, 4, new FixedRandom(5)));
    }

    [Fact]
    public void Segments_take_the_centre_in_evaluation_and_one_frame_per_segment_in_training()
    {
        Assert.Equal(Enumerable.Range(0, 16).Select(i => 2 * i + 1), ClipSampling.Segments(32, 16, null));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => 2 * i), ClipSampling.Segments(32, 16, new FixedRandom(0)));
        var random = ClipSampling.Segments(48, 16, new Random(1));
        Assert.All(Enumerable.Range(0, 16), i => Assert.InRange(random[i], 3 * i, 3 * i + 2));
    }

    [Fact]
    public void Segment_test_views_interleave()
    {
        var views = ClipSampling.SegmentTestViews(32, 16, 2);
        Assert.Equal(Enumerable.Range(0, 16).Select(x => 2 * x), views[0]);
        Assert.Equal(Enumerable.Range(0, 16).Select(x => 2 * x + 1), views[1]);
    }

    [Fact]
    public void Dense_test_views_start_evenly_over_the_sampled_frames()
    {
        // 100 frames at stride 4 → 25 sampled; starts int(c·9/4) = 0, 2, 4, 6, 9.
        var views = ClipSampling.DenseTestViews(100, 16, 4, 5);
        Assert.Equal([0, 8, 16, 24, 36], views.Select(v => v[0]));
        Assert.Equal(96, views[4][15]);
        Assert.All(views, v => Assert.Equal(16, v.Length));
    }

    [Fact]
    public void A_video_without_frames_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ClipSampling.Dense(0, 16, 4, new Random(0)));
        Assert.Contains("frameCount = 0", e.Message);
    }
}
