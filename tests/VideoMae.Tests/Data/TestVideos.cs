using VideoMae.Data.Video;

namespace VideoMae.Tests.Data;

/// <summary>Small videos with known content: frame k is filled with the colour <see cref="Colour"/>(k).</summary>
internal static class TestVideos
{
    public static (byte R, byte G, byte B) Colour(int k) => ((byte)(k * 6 % 256), (byte)(255 - k * 6 % 256), (byte)(40 + k % 4 * 50));

    public static string Write(string folder, string name, int frames = 40, int size = 32, double fps = 12)
    {
        var path = Path.Combine(folder, name);
        var data = Enumerable.Range(0, frames).Select(k =>
        {
            var (r, g, b) = Colour(k);
            var frame = new byte[size * size * 3];
            for (var i = 0; i < frame.Length; i += 3)
                (frame[i], frame[i + 1], frame[i + 2]) = (r, g, b);
            return frame;
        }).ToArray();
        VideoWriter.Write(path, data, size, size, fps);
        return path;
    }

    /// <summary>The mean of each channel of an RGB24 frame.</summary>
    public static (double R, double G, double B) Mean(byte[] frame)
    {
        double r = 0, g = 0, b = 0;
        for (var i = 0; i < frame.Length; i += 3)
            (r, g, b) = (r + frame[i], g + frame[i + 1], b + frame[i + 2]);
        var n = frame.Length / 3.0;
        return (r / n, g / n, b / n);
    }
}
