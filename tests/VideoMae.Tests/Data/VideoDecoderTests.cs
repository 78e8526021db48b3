using VideoMae.Data.Video;

namespace VideoMae.Tests.Data;

public sealed class VideoDecoderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-video-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Probe_reports_frames_fps_and_size()
    {
        var path = TestVideos.Write(_folder, "a.mp4", frames: 40, size: 32, fps: 12);
        Assert.Equal(new VideoInfo(40, 12, 32, 32), VideoProbe.Probe(path));
        Assert.Equal(new VideoInfo(40, 12, 32, 32), VideoProbe.Probe(path, VideoBackend.FfmpegProcess));
    }

    [Theory]
    [InlineData(VideoBackend.InProcess)]
    [InlineData(VideoBackend.FfmpegProcess)]
    public void Seeking_decodes_exactly_the_requested_frames_within_codec_tolerance(VideoBackend backend)
    {
        var path = TestVideos.Write(_folder, "b.mp4");
        int[] wanted = [13, 0, 5, 39, 45, 5, 26];
        var clip = VideoDecoder.Decode(path, wanted, backend: backend);
        Assert.Equal((32, 32), (clip.Width, clip.Height));
        for (var i = 0; i < wanted.Length; i++)
        {
            // Index 45 is past the end of 40 frames: the last frame repeats.
            var k = Math.Min(wanted[i], 39);
            var (r, g, b) = TestVideos.Colour(k);
            var mean = TestVideos.Mean(clip.Frames[i]);
            // Flat colours at crf 18 come back within about 2 levels (yuv420p rounding), plus up to one more from the
            // in-process conversion's rounding (docs/data.md, "Decoding speed"); neighbours differ by ≥ 6.
            Assert.True(Math.Abs(mean.R - r) <= 3 && Math.Abs(mean.G - g) <= 3 && Math.Abs(mean.B - b) <= 3,
                $"frame {wanted[i]}: decoded mean {mean}, written ({r}, {g}, {b})");
        }
    }

    [Fact]
    public void Missing_empty_and_non_video_files_are_reported_with_their_path()
    {
        var empty = Path.Combine(_folder, "empty.mp4");
        File.WriteAllBytes(empty, []);
        var text = Path.Combine(_folder, "notes.mp4");
        File.WriteAllText(text, "not a video");
        foreach (var path in new[] { Path.Combine(_folder, "missing.mp4"), empty, text })
            Assert.Contains(path, Assert.Throws<InvalidDataException>(() => VideoProbe.Probe(path)).Message);
    }

    [Fact]
    public void Writing_rejects_odd_sizes_and_wrong_frame_lengths()
    {
        Assert.Contains("even", Assert.Throws<ArgumentException>(() => VideoWriter.Write(Path.Combine(_folder, "x.mp4"), [new byte[33 * 33 * 3]], 33, 33, 12)).Message);
        Assert.Contains("expected 32×32×3", Assert.Throws<ArgumentException>(() => VideoWriter.Write(Path.Combine(_folder, "x.mp4"), [new byte[10]], 32, 32, 12)).Message);
    }
}
