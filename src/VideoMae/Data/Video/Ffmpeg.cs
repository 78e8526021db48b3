using System.Diagnostics;

namespace VideoMae.Data.Video;

/// <summary>
/// Finds and runs the <c>ffmpeg</c> and <c>ffprobe</c> programs (Debian/Ubuntu package <c>ffmpeg</c>). Every video the
/// library writes, and every video it reads on the <see cref="VideoBackend.FfmpegProcess"/> path, goes through them,
/// so a missing program is reported once, in one sentence.
/// </summary>
public static class Ffmpeg
{
    private static readonly Lazy<string?> FfmpegPath = new(() => Find("ffmpeg"));
    private static readonly Lazy<string?> FfprobePath = new(() => Find("ffprobe"));

    /// <summary>The ffmpeg executable, or <see cref="FfmpegMissingException"/>.</summary>
    public static string FfmpegExecutable => FfmpegPath.Value ?? throw new FfmpegMissingException("ffmpeg");

    /// <summary>The ffprobe executable, or <see cref="FfmpegMissingException"/>.</summary>
    public static string FfprobeExecutable => FfprobePath.Value ?? throw new FfmpegMissingException("ffprobe");

    /// <summary>A start description for <paramref name="executable"/> with redirected streams and literal arguments.</summary>
    internal static ProcessStartInfo StartInfo(string executable, IEnumerable<string> arguments, bool redirectInput = false)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        return start;
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}

/// <summary>ffmpeg or ffprobe is not installed; the message names the package that provides it.</summary>
public sealed class FfmpegMissingException(string program)
    : Exception($"{program} was not found on PATH; install the Debian/Ubuntu package `ffmpeg` (`sudo apt-get install ffmpeg`, or `sudo ./build.sh setup`).");
