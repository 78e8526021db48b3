namespace VideoMae.Data.Sampling;

/// <summary>
/// Which frames of a video make a clip (SPEC §4.3, §5.2, §5.4). Pure functions of the frame count and a seeded
/// generator; indices past the end are clamped to the last frame (the reference repeats it for short videos).
/// </summary>
public static class ClipSampling
{
    /// <summary>
    /// Pre-training dense sampling: <paramref name="frames"/> frames <paramref name="stride"/> apart from a start drawn
    /// uniformly in [0, n − frames·stride] (0 when the video is shorter). Kinetics-style stride 4; SSv2 uses 2.
    /// </summary>
    public static int[] Dense(int frameCount, int frames, int stride, Random rng)
    {
        Check(frameCount, frames);
        Require.Positive(stride, nameof(stride));
        var span = frames * stride;
        var start = frameCount > span ? rng.Next(frameCount - span + 1) : 0;
        return Clamp(Enumerable.Range(0, frames).Select(i => start + i * stride), frameCount);
    }

    /// <summary>
    /// Fine-tuning dense sampling: <paramref name="frames"/> frames spread evenly (linspace) over a window of
    /// frames·stride frames that ends at a random point; a shorter video takes every stride-th frame and repeats its last.
    /// </summary>
    public static int[] DenseWindow(int frameCount, int frames, int stride, Random rng)
    {
        Check(frameCount, frames);
        Require.Positive(stride, nameof(stride));
        var window = frames * stride;
        if (frameCount <= window)
            return Clamp(Enumerable.Range(0, frames).Select(i => i * stride), frameCount);
        var end = window + rng.Next(frameCount - window + 1);
        var start = end - window;
        return Enumerable.Range(0, frames)
            .Select(i => Math.Clamp((int)(start + (double)window * i / (frames - 1 == 0 ? 1 : frames - 1)), start, end - 1))
            .ToArray();
    }

    /// <summary>
    /// TSN segment sampling (SSv2 fine-tuning): split the video into <paramref name="frames"/> equal segments and take a
    /// random frame of each in training, the centre frame int(tick/2 + tick·i) in evaluation.
    /// </summary>
    public static int[] Segments(int frameCount, int frames, Random? rng)
    {
        Check(frameCount, frames);
        var tick = (double)frameCount / frames;
        return Clamp(Enumerable.Range(0, frames).Select(i =>
        {
            if (rng is null)
                return (int)(tick / 2 + tick * i);
            var from = (int)Math.Floor(tick * i);
            var to = Math.Max(from + 1, (int)Math.Floor(tick * (i + 1)));
            return rng.Next(from, to);
        }), frameCount);
    }

    /// <summary>
    /// Test-time dense views ("16×5×3"): take every stride-th frame of the whole video, then <paramref name="clips"/>
    /// runs of <paramref name="frames"/> consecutive sampled frames starting at int(c·(n_s − frames)/(clips − 1)).
    /// </summary>
    public static int[][] DenseTestViews(int frameCount, int frames, int stride, int clips)
    {
        Check(frameCount, frames);
        Require.Positive(stride, nameof(stride));
        Require.Positive(clips, nameof(clips));
        var sampled = (frameCount + stride - 1) / stride;
        return Enumerable.Range(0, clips).Select(c =>
        {
            var start = clips == 1 || sampled <= frames ? 0 : (int)((double)c * (sampled - frames) / (clips - 1));
            return Clamp(Enumerable.Range(start, frames).Select(i => i * stride), frameCount);
        }).ToArray();
    }

    /// <summary>
    /// Test-time segment views ("16×2×3"): tick = n/frames; view c takes int(c·tick/clips + tick·x), x = 0..frames−1.
    /// With two clips that is the reference's two interleaved views.
    /// </summary>
    public static int[][] SegmentTestViews(int frameCount, int frames, int clips)
    {
        Check(frameCount, frames);
        Require.Positive(clips, nameof(clips));
        var tick = (double)frameCount / frames;
        return Enumerable.Range(0, clips)
            .Select(c => Clamp(Enumerable.Range(0, frames).Select(x => (int)(c * tick / clips + tick * x)), frameCount))
            .ToArray();
    }

    private static int[] Clamp(IEnumerable<int> indices, int frameCount) => indices.Select(i => Math.Min(i, frameCount - 1)).ToArray();

    private static void Check(int frameCount, int frames)
    {
        if (frameCount < 1)
            throw new ArgumentException($"frameCount = {frameCount}; a video needs at least one frame.", nameof(frameCount));
        Require.Positive(frames, nameof(frames));
    }
}
