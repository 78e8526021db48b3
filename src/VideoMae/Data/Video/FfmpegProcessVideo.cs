using System.Diagnostics;
using System.Globalization;

namespace VideoMae.Data.Video;

/// <summary>
/// Decodes through an <c>ffmpeg</c> process per clip (raw RGB24 on stdout): it seeks to the clip's first frame and
/// converts and pipes every frame of the run up to the last one. The original path; a process start per clip costs
/// more than decoding a small clip, which <see cref="OpenCvVideo"/> avoids.
/// </summary>
internal static class FfmpegProcessVideo
{
    /// <summary>
    /// RGB24 frames of <paramref name="wanted"/> (ascending, distinct, each below the frame count), in that order. A
    /// video that ends before a wanted frame gives its last decodable frame instead.
    /// </summary>
    public static byte[][] Read(string path, VideoInfo info, IReadOnlyList<int> wanted)
    {
        var first = wanted[0];
        var run = ReadRun(path, info, first, wanted[^1] - first + 1);
        // A container can hold fewer decodable frames than it announces: repeat the last decoded one.
        if (run.Count == 0)
            throw new InvalidDataException($"{path}: no frame could be decoded from index {first} on.");
        return wanted.Select(i => run[Math.Min(i - first, run.Count - 1)]).ToArray();
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
