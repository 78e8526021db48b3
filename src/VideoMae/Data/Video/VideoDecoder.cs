using System.Diagnostics;
using System.Globalization;

namespace VideoMae.Data.Video;

/// <summary>Decoded RGB24 frames of one clip: <see cref="Frames"/>[i] holds Height·Width·3 bytes, row-major.</summary>
/// <param name="Frames">One byte array per requested frame index, in request order.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
public sealed record DecodedClip(byte[][] Frames, int Width, int Height);

/// <summary>
/// Decodes chosen frames of a video through an <c>ffmpeg</c> pipe (raw RGB24 on stdout). It seeks to the first frame a
/// clip needs instead of decoding the whole file, then reads the consecutive run up to the last one. Indices past
/// the end repeat the last frame, as the reference does for short videos.
/// </summary>
public static class VideoDecoder
{
    /// <summary>Decodes <paramref name="frameIndices"/> (any order, repeats allowed) of the video at <paramref name="path"/>.</summary>
    /// <param name="path">The video file.</param>
    /// <param name="frameIndices">0-based frame indices; values ≥ the frame count are clamped to the last frame.</param>
    /// <param name="info">The probed video, or null to probe it here.</param>
    public static DecodedClip Decode(string path, IReadOnlyList<int> frameIndices, VideoInfo? info = null)
    {
        if (frameIndices.Count == 0)
            throw new ArgumentException("frameIndices is empty; expected at least one frame index.", nameof(frameIndices));
        if (frameIndices.Any(i => i < 0))
            throw new ArgumentException($"frameIndices contains {frameIndices.Min()}; expected indices ≥ 0.", nameof(frameIndices));
        info ??= VideoProbe.Probe(path);
        var clamped = frameIndices.Select(i => Math.Min(i, info.FrameCount - 1)).ToArray();
        var first = clamped.Min();
        var count = clamped.Max() - first + 1;
        var run = ReadRun(path, info, first, count);
        // A container can hold fewer decodable frames than it announces: repeat the last decoded one.
        if (run.Count == 0)
            throw new InvalidDataException($"{path}: no frame could be decoded from index {first} on.");
        var frames = clamped.Select(i => run[Math.Min(i - first, run.Count - 1)]).ToArray();
        return new DecodedClip(frames, info.Width, info.Height);
    }

    /// <summary>Every frame of the video, in order.</summary>
    public static DecodedClip DecodeAll(string path)
    {
        var info = VideoProbe.Probe(path);
        return Decode(path, Enumerable.Range(0, info.FrameCount).ToArray(), info);
    }

    private static List<byte[]> ReadRun(string path, VideoInfo info, int first, int count)
    {
        var arguments = new List<string> { "-v", "error", "-nostdin" };
        if (first > 0)
        {
            // Seek half a frame before the wanted frame: accurate seeking then outputs exactly frame `first` first.
            var seconds = (first - 0.5) / info.Fps;
            arguments.AddRange(["-ss", seconds.ToString("0.######", CultureInfo.InvariantCulture)]);
        }
        // One decoder thread per process: the loader already runs one process per worker.
        arguments.AddRange(["-threads", "1", "-i", path, "-map", "0:v:0", "-frames:v", count.ToString(CultureInfo.InvariantCulture),
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);
        using var process = Process.Start(Ffmpeg.StartInfo(Ffmpeg.FfmpegExecutable, arguments))
            ?? throw new InvalidOperationException("ffmpeg could not be started.");
        var stderr = process.StandardError.ReadToEndAsync();
        var frameBytes = info.Width * info.Height * 3;
        var frames = new List<byte[]>(count);
        var stream = process.StandardOutput.BaseStream;
        while (frames.Count < count)
        {
            var frame = new byte[frameBytes];
            var read = 0;
            while (read < frameBytes)
            {
                var n = stream.Read(frame, read, frameBytes - read);
                if (n == 0)
                    break;
                read += n;
            }
            if (read < frameBytes)
                break;
            frames.Add(frame);
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidDataException($"{path}: ffmpeg could not decode frames {first}..{first + count - 1} ({VideoProbe.FirstLine(stderr.Result)}).");
        return frames;
    }
}
