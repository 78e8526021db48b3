using System.Runtime.InteropServices;
using OpenCvSharp;

namespace VideoMae.Data.Video;

/// <summary>
/// Probes and decodes videos in this process with OpenCV's FFmpeg backend (OpenCvSharp4; FFmpeg 7.1 is linked into
/// its native library, so Debian's libav* versions do not matter). A clip costs one open, one seek to the keyframe
/// before its first frame, decoding of the run up to its last frame, and a BGR→RGB conversion of only the frames it
/// keeps: the frames in between are decoded (they are references) but never converted. It probes every in-process
/// video; clips are decoded here only where <see cref="LibavVideo"/>, which also skips the non-reference frames a
/// clip does not keep, is unavailable.
/// </summary>
internal static class OpenCvVideo
{
    /// <summary>cv::CAP_PROP_N_THREADS (OpenCV ≥ 4.7), which OpenCvSharp's enum lacks.</summary>
    private const int CapPropNThreads = 70;

    private static readonly Lazy<string?> Loaded = new(TryLoad);

    /// <summary>Why the native library cannot be used here, or null when it can.</summary>
    public static string? LoadError => Loaded.Value;

    /// <summary>Throws <see cref="VideoBackendUnavailableException"/> unless the native library works here.</summary>
    public static void EnsureAvailable()
    {
        if (LoadError is { } reason)
            throw new VideoBackendUnavailableException(reason);
    }

    /// <summary>The video's frame count (the container's, as ffprobe's packet count for MP4), rate and size.</summary>
    public static VideoInfo Probe(string path) => AsInvalidData(path, () => ProbeOpen(path));

    /// <summary>
    /// RGB24 frames of <paramref name="wanted"/> (ascending, distinct, each below the frame count), in that order. A
    /// video that ends before a wanted frame gives its last decodable frame instead, as the ffmpeg path does.
    /// </summary>
    public static byte[][] Read(string path, VideoInfo info, IReadOnlyList<int> wanted) => AsInvalidData(path, () => ReadOpen(path, info, wanted));

    /// <summary>
    /// Runs <paramref name="body"/>, turning an error OpenCV raises on bad data into the <see cref="InvalidDataException"/>
    /// by which the loader counts a lost sample (anything else would stop the run).
    /// </summary>
    private static T AsInvalidData<T>(string path, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is OpenCVException or OpenCvSharpException)
        {
            throw new InvalidDataException($"{path}: OpenCV could not decode it ({FirstLine(e.Message)}).", e);
        }
    }

    private static VideoInfo ProbeOpen(string path)
    {
        using var capture = Open(path);
        var frames = capture.Get(VideoCaptureProperties.FrameCount);
        var fps = capture.Get(VideoCaptureProperties.Fps);
        var (width, height) = (capture.FrameWidth, capture.FrameHeight);
        if (!(frames >= 1))
            throw new InvalidDataException($"{path}: the video stream holds no frames.");
        if (!(fps > 0) || double.IsInfinity(fps))
            throw new InvalidDataException($"{path}: the video stream has no frame rate.");
        if (width < 1 || height < 1)
            throw new InvalidDataException($"{path}: the video stream has no frame size ({width}×{height}).");
        return new VideoInfo((int)Math.Round(frames), fps, width, height);
    }

    private static byte[][] ReadOpen(string path, VideoInfo info, IReadOnlyList<int> wanted)
    {
        using var capture = Open(path);
        var first = wanted[0];
        // OpenCV seeks to the keyframe before `first` and decodes (without converting) up to it.
        if (first > 0 && !capture.Set(VideoCaptureProperties.PosFrames, first))
            throw NothingFrom(path, first);
        var frames = new byte[wanted.Count][];
        using var bgr = new Mat();
        var (next, index) = (0, first);
        for (; next < wanted.Count; index++)
        {
            if (!capture.Grab())
                break;
            if (index != wanted[next])
                continue;
            if (!capture.Retrieve(bgr))
                break;
            frames[next++] = Rgb(bgr, path, info, index);
        }
        if (next == wanted.Count)
            return frames;
        // The container announced more frames than decode: repeat the last one that did (frame index − 1).
        if (index == first)
            throw NothingFrom(path, first);
        var last = next > 0 && wanted[next - 1] == index - 1 ? frames[next - 1] : ReadOpen(path, info, [index - 1])[0];
        for (; next < wanted.Count; next++)
            frames[next] = last;
        return frames;
    }

    private static VideoCapture Open(string path)
    {
        EnsureAvailable();
        // One decoding thread per clip: the loader already decodes one clip per worker, one worker per core.
        var capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG, [CapPropNThreads, 1]);
        if (capture.IsOpened())
            return capture;
        capture.Dispose();
        throw new InvalidDataException($"{path}: not a readable video (OpenCV's FFmpeg backend could not open it).");
    }

    private static InvalidDataException NothingFrom(string path, int first) =>
        new($"{path}: no frame could be decoded from index {first} on.");

    /// <summary>A retrieved BGR frame as tightly packed RGB24 bytes (OpenCV swaps the channels into the array: half the time of a C# loop).</summary>
    private static byte[] Rgb(Mat bgr, string path, VideoInfo info, int index)
    {
        if (bgr.Width != info.Width || bgr.Height != info.Height || bgr.Type() != MatType.CV_8UC3)
            throw new InvalidDataException($"{path}: frame {index} decoded as {bgr.Width}×{bgr.Height} {bgr.Type()}; the video announced {info.Width}×{info.Height} 8-bit colour.");
        var rgb = GC.AllocateUninitializedArray<byte>(info.Width * info.Height * 3);
        var pinned = GCHandle.Alloc(rgb, GCHandleType.Pinned);
        try
        {
            using var target = Mat.FromPixelData(info.Height, info.Width, MatType.CV_8UC3, pinned.AddrOfPinnedObject());
            Cv2.CvtColor(bgr, target, ColorConversionCodes.BGR2RGB);
            // A matching header is written in place; were it ever reallocated, the array would hold no frame.
            if (target.Data != pinned.AddrOfPinnedObject())
                throw new InvalidOperationException("OpenCV wrote the converted frame outside the array it was given.");
            return rgb;
        }
        finally
        {
            pinned.Free();
        }
    }

    private static string? TryLoad()
    {
        try
        {
            PreloadBesideAssembly();
            // Loads libOpenCvSharpExtern.so; an FFmpeg-less build (the slim runtime) could open no video at all.
            if (!Cv2.GetBuildInformation().Split('\n').Any(l => l.Trim().StartsWith("FFMPEG:", StringComparison.Ordinal) && l.Contains("YES", StringComparison.Ordinal)))
                return "the OpenCV native library was built without its FFmpeg backend";
            // OpenCV warns on standard error for every file it cannot open; the caller reports those itself.
            Cv2.SetLogLevel(LogLevel.ERROR);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
        {
            var inner = e;
            while (inner.InnerException is not null)
                inner = inner.InnerException;
            return $"OpenCV's native library (libOpenCvSharpExtern.so from NuGet OpenCvSharp4.official.runtime.linux-x64) could not be loaded ({FirstLine(inner.Message)}); " +
                "on Debian/Ubuntu it needs GTK 3: `sudo apt-get install libgtk-3-0` (or `sudo ./build.sh setup`)";
        }
    }

    /// <summary>
    /// A host without a deps.json (F# Interactive in the notebooks) does not look in runtimes/linux-x64/native: load the
    /// library there by full path, and OpenCvSharp's imports find it already loaded (by its soname). Elsewhere a no-op.
    /// </summary>
    private static void PreloadBesideAssembly()
    {
        var folder = Path.GetDirectoryName(typeof(Cv2).Assembly.Location);
        var path = string.IsNullOrEmpty(folder) ? null : Path.Combine(folder, "runtimes", "linux-x64", "native", "libOpenCvSharpExtern.so");
        if (OperatingSystem.IsLinux() && File.Exists(path))
            NativeLibrary.TryLoad(path, out _);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
