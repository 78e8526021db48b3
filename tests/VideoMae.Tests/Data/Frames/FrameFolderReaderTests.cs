using SkiaSharp;
using VideoMae.Data.Frames;

namespace VideoMae.Tests.Data.Frames;

public sealed class FrameFolderReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-frames-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static FrameFolder Clip(string folder, int frames, string template = FrameNameTemplate.DefaultText, int start = 1) =>
        new(folder, FrameNameTemplate.Parse(template), start, frames);

    private static void AssertColour(int k, byte[] frame)
    {
        // A solid colour survives JPEG at quality 95 to within a grey level or two.
        var (r, g, b) = TestVideos.Colour(k);
        var mean = TestVideos.Mean(frame);
        Assert.InRange(mean.R, r - 2, r + 2);
        Assert.InRange(mean.G, g - 2, g + 2);
        Assert.InRange(mean.B, b - 2, b + 2);
    }

    [Fact]
    public void Reads_the_chosen_frames_in_request_order_repeating_the_last_past_the_end()
    {
        var folder = TestFrames.Write(_folder, "clip", frames: 12, size: 16);
        var clip = FrameFolderReader.Read(Clip(folder, 12), [3, 0, 3, 11, 20]);
        Assert.Equal((16, 16), (clip.Width, clip.Height));
        Assert.Equal(5, clip.Frames.Length);
        foreach (var (frame, k) in clip.Frames.Zip(new[] { 3, 0, 3, 11, 11 }))
        {
            Assert.Equal(16 * 16 * 3, frame.Length);
            AssertColour(k, frame);
        }
    }

    [Fact]
    public void A_start_index_and_template_pick_the_files_of_one_window_of_a_shared_folder()
    {
        // AVA: one folder per movie, lines 'folder 9601 300', 'folder 9901 300' take windows of it.
        var folder = TestFrames.Write(_folder, "movie", frames: 10, template: "image_{:06}.jpg", start: 9601);
        var clip = FrameFolderReader.Read(Clip(folder, 5, "image_{:06}.jpg", start: 9604), [0, 4]);
        AssertColour(3, clip.Frames[0]);
        AssertColour(7, clip.Frames[1]);
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        var missing = Path.Combine(_folder, "nowhere");
        var e = Assert.Throws<InvalidDataException>(() => FrameFolderReader.Read(Clip(missing, 8), [0]));
        Assert.Equal($"{missing}: no such frame folder.", e.Message);
    }

    [Fact]
    public void A_folder_shorter_than_its_list_says_fails_on_the_first_missing_frame_it_needs()
    {
        var folder = TestFrames.Write(_folder, "short", frames: 6);
        Assert.Equal(3, FrameFolderReader.Read(Clip(folder, 10), [0, 2, 5]).Frames.Length);   // frames it has still read
        var e = Assert.Throws<InvalidDataException>(() => FrameFolderReader.Read(Clip(folder, 10), [0, 8]));
        Assert.Contains("frame 8 of the clip, img_00009.jpg, is missing", e.Message);
        Assert.Contains("holds 6 files named like 'img_{:05}.jpg' (img_00001.jpg … img_00006.jpg)", e.Message);
        Assert.Contains("the list says the clip has 10 frames from img_00001.jpg on", e.Message);
    }

    [Fact]
    public void A_template_that_matches_no_file_says_so_with_one_actual_name()
    {
        var folder = TestFrames.Write(_folder, "ava", frames: 3, template: "image_{:06}.jpg");
        var e = Assert.Throws<InvalidDataException>(() => FrameFolderReader.Read(Clip(folder, 3), [0]));
        Assert.Contains("no file matches the frame template 'img_{:05}.jpg'", e.Message);
        Assert.Contains("e.g. 'image_000001.jpg'", e.Message);
        Assert.Contains("frame_template", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_named()
    {
        var folder = TestFrames.Write(_folder, "text", frames: 3);
        var bad = Path.Combine(folder, "img_00002.jpg");
        File.WriteAllText(bad, "not a jpeg");
        var e = Assert.Throws<InvalidDataException>(() => FrameFolderReader.Read(Clip(folder, 3), [0, 1]));
        Assert.StartsWith($"{bad}: not an image", e.Message);
    }

    [Fact]
    public void A_truncated_or_empty_jpeg_is_named()
    {
        var folder = Path.Combine(_folder, "cut");
        Directory.CreateDirectory(folder);
        var noise = new byte[64 * 64 * 3];
        new Random(1).NextBytes(noise);   // noise: the scan data fills most of the file
        JpegCodec.WriteJpeg(Path.Combine(folder, "img_00001.jpg"), new RgbImage(noise, 64, 64));
        var bytes = File.ReadAllBytes(Path.Combine(folder, "img_00001.jpg"));
        File.WriteAllBytes(Path.Combine(folder, "img_00001.jpg"), bytes[..(bytes.Length / 2)]);
        File.WriteAllBytes(Path.Combine(folder, "img_00002.jpg"), []);
        var cut = Assert.Throws<InvalidDataException>(() => FrameFolderReader.Read(Clip(folder, 2), [0]));
        Assert.Contains("img_00001.jpg: the Jpeg image could not be decoded whole (IncompleteInput: the file is truncated)", cut.Message);
        var empty = Assert.Throws<InvalidDataException>(() => FrameFolderReader.Read(Clip(folder, 2), [1]));
        Assert.Contains("img_00002.jpg: the frame file is empty", empty.Message);
    }

    [Fact]
    public void Frames_of_different_sizes_are_refused()
    {
        var folder = TestFrames.Write(_folder, "sizes", frames: 2, size: 16);
        JpegCodec.WriteJpeg(Path.Combine(folder, "img_00002.jpg"), TestFrames.Solid(1, 20, 16));
        var e = Assert.Throws<InvalidDataException>(() => FrameFolderReader.Read(Clip(folder, 2), [0, 1]));
        Assert.Contains("the frame is 20×16, but", e.Message);
    }

    [Fact]
    public void A_lossless_frame_reads_back_byte_for_byte()
    {
        // PNG is lossless, so every RGB byte must come back where it was; 7×5 pixels leave a tail after the 4-pixel steps.
        var (width, height) = (7, 5);
        var expected = new byte[width * height * 3];
        new Random(11).NextBytes(expected);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var p = 0; p < width * height; p++)
            bitmap.SetPixel(p % width, p / width, new SKColor(expected[3 * p], expected[3 * p + 1], expected[3 * p + 2]));
        var path = Path.Combine(_folder, "exact.png");
        using (var file = File.Create(path))
            bitmap.Encode(file, SKEncodedImageFormat.Png, 100);
        var read = JpegCodec.Read(path);
        Assert.Equal((width, height), (read.Width, read.Height));
        Assert.Equal(expected, read.Pixels);
    }

    [Fact]
    public void Jpeg_round_trip_and_resizing_keep_the_image()
    {
        var path = Path.Combine(_folder, "one.jpg");
        JpegCodec.WriteJpeg(path, TestFrames.Solid(5, 40, 30));
        var read = JpegCodec.Read(path);
        Assert.Equal((40, 30), (read.Width, read.Height));
        AssertColour(5, read.Pixels);
        var small = JpegCodec.ResizeShortSide(read, 15);
        Assert.Equal((20, 15), (small.Width, small.Height));
        AssertColour(5, small.Pixels);
        Assert.Same(read, JpegCodec.ResizeShortSide(read, 30));
        Assert.Throws<ArgumentException>(() => JpegCodec.WriteJpeg(path, read, quality: 0));
    }
}
