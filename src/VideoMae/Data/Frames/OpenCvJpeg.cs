using System.Runtime.InteropServices;
using OpenCvSharp;
using VideoMae.Data.Video;

namespace VideoMae.Data.Frames;

/// <summary>
/// Whole JPEG files decoded by OpenCV's libjpeg-turbo, which is about twice as fast as Skia's build here (1.05 against
/// 2.12 ms for a 298×224 frame, measured 2026-11-30) and gives the same pixels (compared byte for byte on prepared
/// frames). Only files that start with a JPEG start-of-image and end with its end-of-image marker come here: OpenCV
/// decodes a truncated JPEG without an error (libjpeg only warns), and Skia's path keeps its messages for every other
/// kind of bad file.
/// </summary>
internal static class OpenCvJpeg
{
    /// <summary>The RGB24 image of <paramref name="bytes"/>, or null when OpenCV cannot load here, the bytes are not one
    /// whole JPEG, or OpenCV does not decode them (the caller then decodes with Skia).</summary>
    public static RgbImage? TryDecode(byte[] bytes)
    {
        if (!IsWholeJpeg(bytes) || OpenCvVideo.LoadError is not null)
            return null;
        using var bgr = Cv2.ImDecode(bytes, ImreadModes.Color);
        if (bgr.Empty() || bgr.Type() != MatType.CV_8UC3)
            return null;
        var (width, height) = (bgr.Width, bgr.Height);
        var pixels = GC.AllocateUninitializedArray<byte>(width * height * 3);
        var row = width * 3;
        for (var y = 0; y < height; y++)
            Marshal.Copy(bgr.Ptr(y), pixels, y * row, row);
        for (var p = 0; p < pixels.Length; p += 3)
            (pixels[p], pixels[p + 2]) = (pixels[p + 2], pixels[p]);
        return new RgbImage(pixels, width, height);
    }

    /// <summary>Whether <paramref name="bytes"/> starts with a JPEG SOI marker (FF D8 FF) and ends with EOI (FF D9).</summary>
    public static bool IsWholeJpeg(byte[] bytes) =>
        bytes.Length >= 5 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF && bytes[^2] == 0xFF && bytes[^1] == 0xD9;
}
