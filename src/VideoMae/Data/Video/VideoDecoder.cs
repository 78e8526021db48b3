namespace VideoMae.Data.Video;

/// <summary>Decoded RGB24 frames of one clip: <see cref="Frames"/>[i] holds Height·Width·3 bytes, row-major.</summary>
/// <param name="Frames">One byte array per requested frame index, in request order.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
public sealed record DecodedClip(byte[][] Frames, int Width, int Height);

/// <summary>
/// Decodes chosen frames of a video, in process (<see cref="VideoBackend.InProcess"/>) or through an <c>ffmpeg</c>
/// process (<see cref="VideoBackend.FfmpegProcess"/>). Either seeks to the first frame a clip needs instead of
/// decoding the whole file and decodes the run up to the last one. Indices past the end repeat the last frame, as the
/// reference does for short videos.
/// </summary>
public static class VideoDecoder
{
    /// <summary>Decodes <paramref name="frameIndices"/> (any order, repeats allowed) of the video at <paramref name="path"/>.</summary>
    /// <param name="path">The video file.</param>
    /// <param name="frameIndices">0-based frame indices; values ≥ the frame count are clamped to the last frame.</param>
    /// <param name="info">The probed video, or null to probe it here.</param>
    /// <param name="backend">How to decode; <see cref="VideoBackend.Auto"/> is in process wherever that works.</param>
    public static DecodedClip Decode(string path, IReadOnlyList<int> frameIndices, VideoInfo? info = null, VideoBackend backend = VideoBackend.Auto)
    {
        if (frameIndices.Count == 0)
            throw new ArgumentException("frameIndices is empty; expected at least one frame index.", nameof(frameIndices));
        if (frameIndices.Any(i => i < 0))
            throw new ArgumentException($"frameIndices contains {frameIndices.Min()}; expected indices ≥ 0.", nameof(frameIndices));
        backend = VideoBackends.Resolve(backend);
        info ??= VideoProbe.Probe(path, backend);
        var clamped = frameIndices.Select(i => Math.Min(i, info.FrameCount - 1)).ToArray();
        // Each distinct frame is decoded and converted once; repeats share its array.
        var wanted = clamped.Distinct().Order().ToArray();
        var frames = backend switch
        {
            // In process: FFmpeg called directly, skipping the non-reference frames the clip does not keep, where its
            // version and layout check out; OpenCV's VideoCapture (the same pixels, every frame decoded) elsewhere.
            VideoBackend.InProcess when LibavVideo.UnavailableReason is null => LibavVideo.Read(path, info, wanted),
            VideoBackend.InProcess => OpenCvVideo.Read(path, info, wanted),
            _ => FfmpegProcessVideo.Read(path, info, wanted),
        };
        return new DecodedClip(clamped.Select(i => frames[Array.BinarySearch(wanted, i)]).ToArray(), info.Width, info.Height);
    }

    /// <summary>Every frame of the video, in order.</summary>
    public static DecodedClip DecodeAll(string path, VideoBackend backend = VideoBackend.Auto)
    {
        backend = VideoBackends.Resolve(backend);
        var info = VideoProbe.Probe(path, backend);
        return Decode(path, Enumerable.Range(0, info.FrameCount).ToArray(), info, backend);
    }
}
