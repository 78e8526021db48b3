using System.Runtime.InteropServices;
using static VideoMae.Data.Video.LibavNative;

namespace VideoMae.Data.Video;

/// <summary>
/// Converts decoded frames to tightly packed RGB24 arrays with swscale, as OpenCV's FFmpeg capture does (same flags,
/// SWS_BICUBIC; same size in and out, so swscale's unscaled converters run and the flags only pick the path), so the
/// pixels equal OpenCV's. swscale writes into a native buffer with padded rows, as OpenCV's does, and the rows are
/// then copied into the array: its SIMD converters work in blocks of pixels, so a row of any width stays inside
/// memory swscale may write, which a tightly packed managed array would not guarantee (the copy costs far less than
/// a decoded frame).
/// </summary>
internal sealed class LibavRgb : IDisposable
{
    private readonly string _path;
    private readonly int _width;
    private readonly int _height;
    private readonly int _stride;
    private IntPtr _buffer;
    private IntPtr _scaler;
    private int _scalerFormat = -1;

    /// <summary>A converter for frames of <paramref name="width"/>×<paramref name="height"/> (the probed size).</summary>
    public LibavRgb(string path, int width, int height)
    {
        (_path, _width, _height) = (path, width, height);
        // Rows rounded up to 16 pixels and 64 bytes: room for the widest SIMD block, aligned as av_frame_get_buffer does.
        _stride = ((width + 15) / 16 * 16 * 3 + 63) / 64 * 64;
        _buffer = av_malloc((nuint)((long)_stride * height + 64));
        if (_buffer == IntPtr.Zero)
            throw new OutOfMemoryException($"av_malloc could not allocate an RGB buffer for {width}×{height}.");
    }

    /// <summary>The RGB24 pixels of AVFrame <paramref name="frame"/>, frame <paramref name="index"/> of the video.</summary>
    public byte[] Convert(IntPtr frame, long index)
    {
        var (width, height, format) = (LibavLayout.Width(frame), LibavLayout.Height(frame), LibavLayout.Format(frame));
        if (width != _width || height != _height)
            throw new InvalidDataException($"{_path}: frame {index} decoded as {width}×{height}; the video announced {_width}×{_height}.");
        if (format != _scalerFormat)
        {
            sws_freeContext(_scaler);
            _scaler = sws_getContext(width, height, format, width, height, PixelFormatRgb24, SwsBicubic, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
            _scalerFormat = _scaler == IntPtr.Zero ? -1 : format;
            if (_scaler == IntPtr.Zero)
                throw new InvalidDataException($"{_path}: frame {index} has pixel format {format}, which swscale cannot convert to RGB24.");
        }
        var rows = sws_scale(_scaler, LibavLayout.Planes(frame), LibavLayout.LineSizes(frame), 0, height, [_buffer, 0, 0, 0], [_stride, 0, 0, 0]);
        if (rows != height)
            throw new InvalidDataException($"{_path}: swscale converted {rows} of frame {index}'s {height} rows.");
        var rgb = GC.AllocateUninitializedArray<byte>(width * height * 3);
        var row = width * 3;
        for (var y = 0; y < height; y++)
            Marshal.Copy(_buffer + y * _stride, rgb, y * row, row);
        return rgb;
    }

    public void Dispose()
    {
        sws_freeContext(_scaler);
        _scaler = IntPtr.Zero;
        if (_buffer != IntPtr.Zero)
            av_free(_buffer);
        _buffer = IntPtr.Zero;
    }
}
