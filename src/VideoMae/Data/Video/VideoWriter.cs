using System.Diagnostics;
using System.Globalization;

namespace VideoMae.Data.Video;

/// <summary>
/// Writes RGB24 frames to an H.264 mp4 through an <c>ffmpeg</c> pipe, atomically (a temporary file in the same
/// folder, renamed when ffmpeg succeeds). Single-threaded x264 keeps the output byte-identical for identical frames.
/// Lossy files are yuv420p at a crf; lossless ones are RGB H.264 (libx264rgb, qp 0, High 4:4:4 Predictive), which
/// decode to exactly the frames written but play in fewer players.
/// </summary>
public static class VideoWriter
{
    /// <summary>Encodes <paramref name="frames"/> (each Height·Width·3 bytes, row-major RGB) at <paramref name="fps"/>.</summary>
    /// <param name="path">The .mp4 to write; replaced if it exists.</param>
    /// <param name="frames">The frames.</param>
    /// <param name="width">Frame width, even (yuv420p).</param>
    /// <param name="height">Frame height, even.</param>
    /// <param name="fps">Frames per second.</param>
    /// <param name="crf">x264 quality of a lossy file: 18 is visually lossless; ignored when <paramref name="lossless"/>.</param>
    /// <param name="lossless">Write RGB losslessly, so decoding returns the frames bit for bit.</param>
    public static void Write(string path, IReadOnlyList<byte[]> frames, int width, int height, double fps, int crf = 18, bool lossless = false)
    {
        if (frames.Count == 0)
            throw new ArgumentException("frames is empty; expected at least one frame.", nameof(frames));
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0)
            throw new ArgumentException($"frame size {width}×{height}; H.264 in yuv420p needs an even width and height ≥ 2.");
        if (!(fps > 0))
            throw new ArgumentException($"fps = {fps}; expected a positive frame rate.", nameof(fps));
        var frameBytes = width * height * 3;
        if (frames.FirstOrDefault(f => f.Length != frameBytes) is { } wrong)
            throw new ArgumentException($"a frame has {wrong.Length} bytes; expected {width}×{height}×3 = {frameBytes}.", nameof(frames));
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(path)}.tmp-{Guid.NewGuid():N}.mp4");
        var inv = CultureInfo.InvariantCulture;
        string[] arguments =
        [
            "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-r", fps.ToString(inv), "-i", "-",
            .. (lossless
                ? (string[])["-c:v", "libx264rgb", "-qp", "0", "-pix_fmt", "rgb24"]
                : ["-c:v", "libx264", "-crf", crf.ToString(inv), "-pix_fmt", "yuv420p"]),
            "-preset", "veryfast", "-threads", "1", "-g", "12", "-movflags", "+faststart", temporary,
        ];
        try
        {
            using var process = Process.Start(Ffmpeg.StartInfo(Ffmpeg.FfmpegExecutable, arguments, redirectInput: true))
                ?? throw new InvalidOperationException("ffmpeg could not be started.");
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            try
            {
                var input = process.StandardInput.BaseStream;
                foreach (var frame in frames)
                    input.Write(frame);
                input.Close();
            }
            catch (IOException)
            {
                // ffmpeg exited early; its message below says why.
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new IOException($"{path}: ffmpeg could not encode the video ({VideoProbe.FirstLine(stderr.Result)}).");
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }
}
