using VideoMae.Data.Frames;

namespace VideoMae.Tests.Data.Frames;

/// <summary>Small frame folders with known content: frame k (file number start + k) is filled with <see cref="TestVideos.Colour"/>(k).</summary>
internal static class TestFrames
{
    public static string Write(string parent, string name, int frames = 12, int size = 16, string template = FrameNameTemplate.DefaultText, int start = 1)
    {
        var folder = Path.Combine(parent, name);
        Directory.CreateDirectory(folder);
        var names = FrameNameTemplate.Parse(template);
        for (var k = 0; k < frames; k++)
            JpegCodec.WriteJpeg(Path.Combine(folder, names.Format(start + k)), Solid(k, size, size));
        return folder;
    }

    public static RgbImage Solid(int k, int width, int height)
    {
        var (r, g, b) = TestVideos.Colour(k);
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3)
            (pixels[i], pixels[i + 1], pixels[i + 2]) = (r, g, b);
        return new RgbImage(pixels, width, height);
    }
}
