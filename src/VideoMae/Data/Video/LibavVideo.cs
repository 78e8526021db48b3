using System.Runtime.InteropServices;
using OpenCvSharp;

namespace VideoMae.Data.Video;

/// <summary>
/// Decodes clips in this process by calling FFmpeg 7.1 directly, through the copy that OpenCvSharp's native library
/// links and exports. Unlike OpenCV's VideoCapture it does not decode the frames that no other frame references and
/// that the clip does not keep (<see cref="LibavClipReader"/>); the frames it returns are OpenCV's, byte for byte.
/// It is used where <see cref="UnavailableReason"/> is null, and OpenCV's capture (<see cref="OpenCvVideo"/>) elsewhere.
/// </summary>
internal static class LibavVideo
{
    private static readonly Lazy<string?> Checked = new(Check);

    /// <summary>
    /// Why FFmpeg cannot be called directly here (OpenCV's library does not load, carries another FFmpeg version, or
    /// a struct offset reads wrong), or null when it can.
    /// </summary>
    public static string? UnavailableReason => Checked.Value;

    /// <summary>
    /// RGB24 frames of <paramref name="wanted"/> (ascending, distinct, each below the frame count), in that order, as
    /// <see cref="OpenCvVideo.Read"/> gives them. A video that ends before a wanted frame gives its last decodable
    /// frame instead; a file FFmpeg cannot read throws <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public static byte[][] Read(string path, VideoInfo info, IReadOnlyList<int> wanted) => Read(path, info, wanted, skipNonReference: true, counts: null);

    /// <summary>
    /// <see cref="Read(string, VideoInfo, IReadOnlyList{int})"/>, with skipping of non-reference frames switchable
    /// and what the read did counted into <paramref name="counts"/>: for tests.
    /// </summary>
    internal static byte[][] Read(string path, VideoInfo info, IReadOnlyList<int> wanted, bool skipNonReference, LibavCounts? counts)
    {
        if (UnavailableReason is { } reason)
            throw new VideoBackendUnavailableException(reason);
        using var reader = new LibavClipReader(path, info, wanted, counts);
        return reader.Read(skipNonReference);
    }

    private static string? Check()
    {
        // OpenCvVideo loads the library first (by full path where the host needs it), so the imports here find it loaded.
        if (OpenCvVideo.LoadError is { } loadError)
            return loadError;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return $"the struct offsets used here are FFmpeg 7.1's on linux-x64, not {RuntimeInformation.RuntimeIdentifier}";
        if (LibavVersions.Mismatch(Cv2.GetBuildInformation()) is { } mismatch)
            return mismatch;
        try
        {
            if (LibavLayoutCheck.Run() is { } wrong)
                return $"an FFmpeg struct offset reads wrong: {wrong}";
            // Errors reach the caller as exceptions naming the file; FFmpeg's own log lines would only repeat them.
            LibavNative.av_log_set_level(LibavNative.LogQuiet);
            return null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return $"OpenCV's native library does not export an FFmpeg function used here ({e.Message})";
        }
    }
}
