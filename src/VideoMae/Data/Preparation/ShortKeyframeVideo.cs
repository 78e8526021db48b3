using System.Diagnostics;
using System.Globalization;
using VideoMae.Data.Video;

namespace VideoMae.Data.Preparation;

/// <summary>
/// Re-encodes a video for training: H.264 (yuv420p, crf 18, visually lossless) with a keyframe every
/// <see cref="KeyframeInterval"/> frames and no scene-cut keyframes in between, scaled to a short side. A clip's seek
/// then decodes at most that many frames before its first one, where Kinetics-like files with a keyframe every 250
/// frames make a seek decode up to 249. Every frame is kept (no frame-rate conversion), so frame indices still match
/// the source's.
/// </summary>
public static class ShortKeyframeVideo
{
    /// <summary>Frames between keyframes: one 16-frame clip at stride 1 (a stride-4 clip spans four).</summary>
    public const int KeyframeInterval = 16;

    /// <summary>Encodes <paramref name="source"/> into <paramref name="path"/>; the short side scaled to <paramref name="shortSide"/> (0 keeps the size).</summary>
    /// <exception cref="InvalidDataException">ffmpeg could not read or encode the video.</exception>
    public static void Write(string source, string path, int shortSide)
    {
        if (!File.Exists(source))
            throw new InvalidDataException($"{source}: no such video file.");
        var inv = CultureInfo.InvariantCulture;
        var g = KeyframeInterval.ToString(inv);
        var arguments = new List<string> { "-v", "error", "-nostdin", "-y", "-i", source, "-map", "0:v:0", "-an", "-fps_mode", "passthrough" };
        if (shortSide > 0)
        {
            // The shorter side to shortSide, the longer in proportion rounded to even (-2), whichever way round the video is.
            var s = shortSide.ToString(inv);
            arguments.AddRange(["-vf", $"scale=w='if(lt(iw,ih),{s},-2)':h='if(lt(iw,ih),-2,{s})':flags=bilinear"]);
        }
        arguments.AddRange(["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p",
            "-g", g, "-keyint_min", g, "-sc_threshold", "0", "-threads", "1", "-movflags", "+faststart", "-f", "mp4", path]);
        using var process = Process.Start(Ffmpeg.StartInfo(Ffmpeg.FfmpegExecutable, arguments))
            ?? throw new InvalidOperationException("ffmpeg could not be started.");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidDataException($"{source}: ffmpeg could not re-encode the video ({VideoProbe.FirstLine(stderr.Result)}).");
    }
}
