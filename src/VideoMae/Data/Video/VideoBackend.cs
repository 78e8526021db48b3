namespace VideoMae.Data.Video;

/// <summary>
/// How videos are probed and decoded. Both backends return the same frames for the same indices (exactly for the
/// lossless RGB videos the synthetic sets use; within a few levels for yuv420p, whose RGB conversion differs
/// slightly between the two FFmpeg builds: docs/data.md, "Decoding speed").
/// </summary>
public enum VideoBackend
{
    /// <summary><see cref="InProcess"/> where its native library loads, otherwise <see cref="FfmpegProcess"/>.</summary>
    Auto,

    /// <summary>
    /// In this process, with the FFmpeg 7.1 that OpenCvSharp4's native library links: no process start per clip, a
    /// seek to the keyframe before the clip, and RGB conversion of only the frames the clip keeps. Clips are decoded by
    /// calling FFmpeg directly, which also leaves undecoded the non-reference frames the clip does not keep (the
    /// frames are OpenCV's, byte for byte); where that FFmpeg is not the version whose struct layouts are known, by
    /// OpenCV's VideoCapture, which decodes every frame of the run. Videos are probed through OpenCV either way.
    /// </summary>
    InProcess,

    /// <summary>
    /// One <c>ffprobe</c> process per video and one <c>ffmpeg</c> process per clip, which converts every frame of the
    /// clip's run: the original path, kept as the fallback and as the baseline of <c>videomae bench data</c>.
    /// </summary>
    FfmpegProcess,
}

/// <summary>The command-line names of the backends, and which one <see cref="VideoBackend.Auto"/> means here.</summary>
public static class VideoBackends
{
    /// <summary>Backend names: auto, in-process, ffmpeg-process.</summary>
    public static EnumNames<VideoBackend> Names { get; } = new("video decoder",
        ("auto", VideoBackend.Auto), ("in-process", VideoBackend.InProcess), ("ffmpeg-process", VideoBackend.FfmpegProcess));

    private static int _fallbackLogged;
    private static int _captureLogged;

    /// <summary>
    /// The backend that <paramref name="backend"/> runs on: <see cref="VideoBackend.Auto"/> becomes in-process where
    /// OpenCV's native library loads and the ffmpeg processes otherwise (<paramref name="log"/> hears why, once per
    /// process, as it hears why in-process decoding goes through OpenCV's VideoCapture rather than FFmpeg directly).
    /// An explicit in-process request whose library cannot load throws <see cref="VideoBackendUnavailableException"/>.
    /// </summary>
    public static VideoBackend Resolve(VideoBackend backend, Action<string>? log = null)
    {
        switch (backend)
        {
            case VideoBackend.InProcess:
                OpenCvVideo.EnsureAvailable();
                return InProcess(log);
            case VideoBackend.FfmpegProcess:
                return backend;
            case VideoBackend.Auto when OpenCvVideo.LoadError is null:
                return InProcess(log);
            case VideoBackend.Auto:
                if (log is not null && Interlocked.Exchange(ref _fallbackLogged, 1) == 0)
                    log($"video: decoding with an ffmpeg process per clip (slower) because {OpenCvVideo.LoadError}");
                return VideoBackend.FfmpegProcess;
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, "expected a VideoBackend value.");
        }
    }

    private static VideoBackend InProcess(Action<string>? log)
    {
        if (log is not null && LibavVideo.UnavailableReason is { } reason && Interlocked.Exchange(ref _captureLogged, 1) == 0)
            log($"video: decoding in process through OpenCV's VideoCapture (slower: every frame decoded) because {reason}");
        return VideoBackend.InProcess;
    }
}

/// <summary>The in-process decoder was asked for but OpenCV's native library cannot be loaded here; the message says why and what to install.</summary>
public sealed class VideoBackendUnavailableException(string reason)
    : Exception($"in-process video decoding is unavailable: {reason}. Choose the ffmpeg-process decoder, or fix the native library.");
