using System.Runtime.InteropServices;

namespace VideoMae.Data.Video;

/// <summary>
/// The FFmpeg 7.1 functions that OpenCvSharp's native library (NuGet OpenCvSharp4.official.runtime.linux-x64) links
/// statically and exports. Importing them from that library adds no dependency and pins one FFmpeg version, whose
/// struct layouts <see cref="LibavLayout"/> knows; <see cref="LibavVideo"/> checks the version before any call.
/// Pointers to FFmpeg objects are plain <see cref="IntPtr"/>s: the objects are opaque here except for the fields
/// <see cref="LibavLayout"/> reads.
/// </summary>
internal static class LibavNative
{
    /// <summary>The library OpenCvSharp itself imports; the same name makes the runtime reuse the loaded copy.</summary>
    private const string Library = "OpenCvSharpExtern";

    /// <summary>AVMEDIA_TYPE_VIDEO.</summary>
    public const int MediaTypeVideo = 0;

    /// <summary>AV_PIX_FMT_RGB24: packed R, G, B bytes.</summary>
    public const int PixelFormatRgb24 = 2;

    /// <summary>AVSEEK_FLAG_BACKWARD: seek to the keyframe at or before the timestamp.</summary>
    public const int SeekBackward = 1;

    /// <summary>AVDISCARD_DEFAULT: decode everything but empty packets.</summary>
    public const long DiscardDefault = 0;

    /// <summary>AVDISCARD_NONREF: skip frames that no other frame references.</summary>
    public const long DiscardNonReference = 8;

    /// <summary>SWS_BICUBIC, the flags OpenCV's FFmpeg capture converts with (cap_ffmpeg_impl.hpp, retrieveFrame).</summary>
    public const int SwsBicubic = 4;

    /// <summary>AV_NOPTS_VALUE: no timestamp.</summary>
    public const long NoTimestamp = long.MinValue;

    /// <summary>AVERROR_EOF, FFERRTAG('E','O','F',' ') negated.</summary>
    public const int ErrorEndOfFile = -0x20464F45;

    /// <summary>AVERROR(EAGAIN) on Linux: the decoder wants more input, or its output must be read first.</summary>
    public const int ErrorAgain = -11;

    /// <summary>AV_LOG_QUIET.</summary>
    public const int LogQuiet = -8;

    [DllImport(Library)]
    public static extern int avformat_open_input(ref IntPtr context, [MarshalAs(UnmanagedType.LPUTF8Str)] string url, IntPtr format, IntPtr options);

    [DllImport(Library)]
    public static extern int avformat_find_stream_info(IntPtr context, IntPtr options);

    [DllImport(Library)]
    public static extern void avformat_close_input(ref IntPtr context);

    [DllImport(Library)]
    public static extern int av_find_best_stream(IntPtr context, int mediaType, int wantedStream, int relatedStream, out IntPtr decoder, int flags);

    [DllImport(Library)]
    public static extern int av_seek_frame(IntPtr context, int streamIndex, long timestamp, int flags);

    [DllImport(Library)]
    public static extern int av_read_frame(IntPtr context, IntPtr packet);

    [DllImport(Library)]
    public static extern IntPtr avformat_alloc_context();

    [DllImport(Library)]
    public static extern void avformat_free_context(IntPtr context);

    [DllImport(Library)]
    public static extern IntPtr avformat_new_stream(IntPtr context, IntPtr codec);

    [DllImport(Library)]
    public static extern IntPtr av_stream_get_class();

    [DllImport(Library)]
    public static extern IntPtr avcodec_alloc_context3(IntPtr codec);

    [DllImport(Library)]
    public static extern int avcodec_parameters_to_context(IntPtr context, IntPtr parameters);

    [DllImport(Library)]
    public static extern int avcodec_open2(IntPtr context, IntPtr codec, IntPtr options);

    [DllImport(Library)]
    public static extern int avcodec_send_packet(IntPtr context, IntPtr packet);

    [DllImport(Library)]
    public static extern int avcodec_receive_frame(IntPtr context, IntPtr frame);

    [DllImport(Library)]
    public static extern void avcodec_flush_buffers(IntPtr context);

    [DllImport(Library)]
    public static extern void avcodec_free_context(ref IntPtr context);

    [DllImport(Library)]
    public static extern IntPtr av_packet_alloc();

    [DllImport(Library)]
    public static extern void av_packet_free(ref IntPtr packet);

    [DllImport(Library)]
    public static extern void av_packet_unref(IntPtr packet);

    [DllImport(Library)]
    public static extern int av_new_packet(IntPtr packet, int size);

    [DllImport(Library)]
    public static extern IntPtr av_frame_alloc();

    [DllImport(Library)]
    public static extern void av_frame_free(ref IntPtr frame);

    [DllImport(Library)]
    public static extern void av_frame_unref(IntPtr frame);

    [DllImport(Library)]
    public static extern void av_frame_move_ref(IntPtr destination, IntPtr source);

    [DllImport(Library)]
    public static extern int av_frame_get_buffer(IntPtr frame, int align);

    [DllImport(Library)]
    public static extern int av_opt_set_int(IntPtr target, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, long value, int searchFlags);

    [DllImport(Library)]
    public static extern int av_strerror(int error, byte[] buffer, nuint size);

    [DllImport(Library)]
    public static extern void av_log_set_level(int level);

    [DllImport(Library)]
    public static extern IntPtr av_malloc(nuint size);

    [DllImport(Library)]
    public static extern void av_free(IntPtr pointer);

    [DllImport(Library)]
    public static extern IntPtr sws_getContext(int sourceWidth, int sourceHeight, int sourceFormat, int targetWidth, int targetHeight, int targetFormat,
        int flags, IntPtr sourceFilter, IntPtr targetFilter, IntPtr parameters);

    [DllImport(Library)]
    public static extern int sws_scale(IntPtr context, IntPtr sourcePlanes, IntPtr sourceStrides, int sliceY, int sliceHeight, IntPtr[] targetPlanes, int[] targetStrides);

    [DllImport(Library)]
    public static extern void sws_freeContext(IntPtr context);

    /// <summary>FFmpeg's text for an error code (av_strerror), e.g. "Invalid data found when processing input".</summary>
    public static string ErrorText(int error)
    {
        var buffer = new byte[256];
        if (av_strerror(error, buffer, (nuint)buffer.Length) < 0)
            return $"FFmpeg error {error}";
        var end = Array.IndexOf(buffer, (byte)0);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
    }
}
