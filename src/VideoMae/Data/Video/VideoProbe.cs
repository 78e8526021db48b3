using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace VideoMae.Data.Video;

/// <summary>What a video file holds: frame count, frame rate and frame size of its first video stream.</summary>
/// <param name="FrameCount">Decodable frames.</param>
/// <param name="Fps">Average frame rate.</param>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
public sealed record VideoInfo(int FrameCount, double Fps, int Width, int Height);

/// <summary>
/// Reads a video's <see cref="VideoInfo"/>, in process or with <c>ffprobe</c>. The frame count is exact for MP4/MOV
/// either way (the container's sample count); for containers that store none (WebM, MKV) ffprobe counts packets while
/// the in-process probe estimates duration × rate, and a clip past a short estimate repeats the last frame.
/// </summary>
public static class VideoProbe
{
    /// <summary>Probes <paramref name="path"/>; a missing, empty, truncated or non-video file throws <see cref="InvalidDataException"/> naming it.</summary>
    /// <param name="path">The video file.</param>
    /// <param name="backend">How to read it; <see cref="VideoBackend.Auto"/> is in process wherever that works.</param>
    public static VideoInfo Probe(string path, VideoBackend backend = VideoBackend.Auto)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: no such video file.");
        if (new FileInfo(path).Length == 0)
            throw new InvalidDataException($"{path}: the file is empty.");
        return VideoBackends.Resolve(backend) == VideoBackend.InProcess ? OpenCvVideo.Probe(path) : WithFfprobe(path);
    }

    private static VideoInfo WithFfprobe(string path)
    {
        // -count_packets counts frames from the container without decoding; nb_frames is missing in some containers.
        var start = Ffmpeg.StartInfo(Ffmpeg.FfprobeExecutable,
        [
            "-v", "error", "-select_streams", "v:0", "-count_packets",
            "-show_entries", "stream=width,height,avg_frame_rate,r_frame_rate,nb_read_packets", "-of", "json", path,
        ]);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffprobe could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidDataException($"{path}: not a readable video ({FirstLine(stderr.Result)}).");
        using var json = JsonDocument.Parse(stdout.Result);
        var streams = json.RootElement.TryGetProperty("streams", out var s) ? s : default;
        if (streams.ValueKind != JsonValueKind.Array || streams.GetArrayLength() == 0)
            throw new InvalidDataException($"{path}: the file has no video stream.");
        var stream = streams[0];
        var frames = stream.TryGetProperty("nb_read_packets", out var n) ? int.Parse(n.GetString()!, CultureInfo.InvariantCulture) : 0;
        if (frames < 1)
            throw new InvalidDataException($"{path}: the video stream holds no frames.");
        var fps = Rate(stream, "avg_frame_rate") ?? Rate(stream, "r_frame_rate")
            ?? throw new InvalidDataException($"{path}: the video stream has no frame rate.");
        return new VideoInfo(frames, fps, stream.GetProperty("width").GetInt32(), stream.GetProperty("height").GetInt32());
    }

    private static double? Rate(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty(name, out var value) || value.GetString() is not { } text)
            return null;
        var parts = text.Split('/');
        if (parts.Length != 2 || !double.TryParse(parts[0], CultureInfo.InvariantCulture, out var num) || !double.TryParse(parts[1], CultureInfo.InvariantCulture, out var den) || num <= 0 || den <= 0)
            return null;
        return num / den;
    }

    internal static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? "no message" : line;
    }
}
