using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SkiaSharp;

namespace VideoMae.Data.Frames;

/// <summary>An RGB24 image: <see cref="Pixels"/> holds Height·Width·3 bytes, row-major, the layout of a decoded video frame.</summary>
/// <param name="Pixels">The pixels.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record RgbImage(byte[] Pixels, int Width, int Height);

/// <summary>
/// Reads, writes and resizes frame images in process with SkiaSharp (Skia's libjpeg-turbo codec; whole JPEG files are
/// decoded by OpenCV's, twice as fast with the same pixels, where OpenCV loads: <see cref="OpenCvJpeg"/>), so a clip of
/// frame files costs one file read and one decode per frame and no process start. Reading accepts any image Skia decodes
/// (JPEG, and PNG or WebP frames too), but only whole ones: a truncated file is an error here, where a viewer would
/// show it with its bottom rows grey.
/// </summary>
public static class JpegCodec
{
    /// <summary>
    /// JPEG quality of <c>videomae prepare</c> when none is given, the common choice for extracted dataset frames. With
    /// full-resolution colour (4:4:4) it costs a mean 0.7 grey levels on the plain synthetic frames and 2–3 on the
    /// striped ones, whose stripes put an edge every few pixels; 100 costs under 0.5 (docs/data.md).
    /// </summary>
    public const int DefaultQuality = 95;

    /// <summary>Where the RGB bytes of four RGBA pixels are (the last four entries are filler).</summary>
    private static readonly Vector128<byte> RgbOfRgba = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0, 0, 0, 0);

    /// <summary>This thread's RGBA decoding buffer, grown to the largest frame it has read.</summary>
    [ThreadStatic]
    private static byte[]? DecodeBuffer;

    /// <summary>Decodes <paramref name="path"/> to RGB24.</summary>
    /// <exception cref="InvalidDataException">The file is missing, empty, not an image Skia decodes, or truncated.</exception>
    public static RgbImage Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidDataException($"{path}: no such frame file.", e);
        }
        if (bytes.Length == 0)
            throw new InvalidDataException($"{path}: the frame file is empty.");
        return OpenCvJpeg.TryDecode(bytes) ?? DecodeWithSkia(path, bytes);
    }

    /// <summary>Decodes <paramref name="bytes"/> (the file <paramref name="path"/>, named in errors) with Skia.</summary>
    internal static RgbImage DecodeWithSkia(string path, byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"{path}: not an image (no JPEG, PNG or WebP data; {bytes.Length} bytes starting {Hex(bytes)}).");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        // Skia's JPEG decoder writes 4 bytes a pixel (it has no 3-byte RGB colour type): decode into this thread's
        // scratch buffer, reused frame after frame, and keep only the RGB bytes.
        var rgba = DecodeBuffer is { } b && b.Length >= info.BytesSize ? b : DecodeBuffer = GC.AllocateUninitializedArray<byte>(info.BytesSize);
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        SKCodecResult result;
        try
        {
            result = codec.GetPixels(info, handle.AddrOfPinnedObject());
        }
        finally
        {
            handle.Free();
        }
        if (result != SKCodecResult.Success)
            throw new InvalidDataException($"{path}: the {codec.EncodedFormat} image could not be decoded whole ({result}{(result == SKCodecResult.IncompleteInput ? ": the file is truncated" : "")}).");
        return new RgbImage(DropAlpha(rgba, width * height), width, height);
    }

    /// <summary>Writes <paramref name="image"/> as a baseline JPEG with full-resolution colour (4:4:4).</summary>
    /// <param name="path">The file to write (replaced).</param>
    /// <param name="image">The pixels.</param>
    /// <param name="quality">libjpeg quality, 1–100.</param>
    public static void WriteJpeg(string path, RgbImage image, int quality = DefaultQuality)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (quality is < 1 or > 100)
            throw new ArgumentException($"quality = {quality}; expected a JPEG quality in [1, 100].", nameof(quality));
        // Chroma subsampling (4:2:0, the libjpeg default) smears colour across the 2-pixel edges of small objects,
        // which at the synthetic sets' 64² is most of what moves; 4:4:4 costs about a third more bytes.
        using var encoded = Encode(image, pixmap => pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample444, SKJpegEncoderAlphaOption.Ignore)));
        using var file = File.Create(path);
        encoded.SaveTo(file);
    }

    /// <summary>
    /// <paramref name="image"/> scaled so its shorter side is <paramref name="shortSide"/> pixels (aspect kept, sides
    /// rounded), with bilinear filtering over mipmaps, which averages rather than skips pixels when shrinking a lot.
    /// The image itself when it already has that short side.
    /// </summary>
    public static RgbImage ResizeShortSide(RgbImage image, int shortSide)
    {
        ArgumentNullException.ThrowIfNull(image);
        Require.Positive(shortSide, nameof(shortSide));
        var scale = (double)shortSide / Math.Min(image.Width, image.Height);
        var (width, height) = image.Width <= image.Height
            ? (shortSide, Math.Max(1, (int)Math.Round(image.Height * scale)))
            : (Math.Max(1, (int)Math.Round(image.Width * scale)), shortSide);
        if (width == image.Width && height == image.Height)
            return image;
        using var source = Bitmap(image);
        using var resized = source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidOperationException($"SkiaSharp could not resize {image.Width}×{image.Height} to {width}×{height}.");
        return new RgbImage(DropAlpha(resized.GetPixelSpan(), width * height), width, height);
    }

    private static SKData Encode(RgbImage image, Func<SKPixmap, SKData?> encode)
    {
        using var bitmap = Bitmap(image);
        using var pixmap = bitmap.PeekPixels();
        return encode(pixmap) ?? throw new InvalidOperationException($"SkiaSharp could not encode a {image.Width}×{image.Height} image.");
    }

    private static SKBitmap Bitmap(RgbImage image)
    {
        var count = image.Width * image.Height;
        if (image.Pixels.Length != count * 3)
            throw new ArgumentException($"the image has {image.Pixels.Length} bytes; expected {image.Width}×{image.Height}×3 = {count * 3}.", nameof(image));
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[count * 4];
        for (int p = 0, q = 0; p < count * 3; p += 3, q += 4)
            (rgba[q], rgba[q + 1], rgba[q + 2], rgba[q + 3]) = (image.Pixels[p], image.Pixels[p + 1], image.Pixels[p + 2], 255);
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return bitmap;
    }

    private static byte[] DropAlpha(ReadOnlySpan<byte> rgba, int count)
    {
        var rgb = GC.AllocateUninitializedArray<byte>(count * 3);
        var (p, q) = (0, 0);
        // Four pixels a step: 16 RGBA bytes shuffled to 12 RGB ones; the store's last 4 bytes are overwritten by the next step.
        for (; p + 16 <= rgb.Length; p += 12, q += 16)
            Vector128.Shuffle(Vector128.Create(rgba.Slice(q, 16)), RgbOfRgba).CopyTo(rgb.AsSpan(p));
        for (; p < rgb.Length; p += 3, q += 4)
            (rgb[p], rgb[p + 1], rgb[p + 2]) = (rgba[q], rgba[q + 1], rgba[q + 2]);
        return rgb;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes, 0, Math.Min(4, bytes.Length));
}
