using VideoMae.Data.Frames;

namespace VideoMae.Tests.Data.Frames;

public class OpenCvJpegTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-opencv-jpeg-").FullName;

    public void Dispose() => Directory.Delete(_folder, true);

    /// <summary>A 37×23 frame with texture in every channel (edges, gradients and noise), so decoders that differ in
    /// their inverse DCT or colour conversion would differ somewhere.</summary>
    private static RgbImage Textured()
    {
        var random = new Random(7);
        var (width, height) = (37, 23);
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var p = (y * width + x) * 3;
                (pixels[p], pixels[p + 1], pixels[p + 2]) =
                    ((byte)(x * 7), (byte)((x / 5 + y / 4) % 2 * 200 + 20), (byte)random.Next(256));
            }
        return new RgbImage(pixels, width, height);
    }

    [Fact]
    public void A_whole_jpeg_decodes_to_the_same_pixels_as_Skia()
    {
        var path = Path.Combine(_folder, "frame.jpg");
        JpegCodec.WriteJpeg(path, Textured(), quality: 90);
        var bytes = File.ReadAllBytes(path);
        var opencv = OpenCvJpeg.TryDecode(bytes);
        Assert.NotNull(opencv);
        var skia = JpegCodec.DecodeWithSkia(path, bytes);
        Assert.Equal((skia.Width, skia.Height), (opencv.Width, opencv.Height));
        Assert.Equal(skia.Pixels, opencv.Pixels);
        Assert.Equal(skia.Pixels, JpegCodec.Read(path).Pixels);
    }

    [Fact]
    public void A_truncated_jpeg_is_left_to_Skia_which_refuses_it()
    {
        var path = Path.Combine(_folder, "frame.jpg");
        JpegCodec.WriteJpeg(path, Textured());
        var whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length * 2 / 3)]);
        Assert.True(OpenCvJpeg.IsWholeJpeg(whole));
        Assert.False(OpenCvJpeg.IsWholeJpeg(File.ReadAllBytes(path)));
        Assert.Null(OpenCvJpeg.TryDecode(File.ReadAllBytes(path)));
        var error = Assert.Throws<InvalidDataException>(() => JpegCodec.Read(path));
        Assert.Contains("truncated", error.Message);
    }
}
