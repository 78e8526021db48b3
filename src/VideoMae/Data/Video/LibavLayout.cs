using System.Runtime.InteropServices;

namespace VideoMae.Data.Video;

/// <summary>A rational number of FFmpeg (AVRational: int num, int den).</summary>
internal readonly record struct LibavRational(int Numerator, int Denominator)
{
    public bool IsPositive => Numerator > 0 && Denominator > 0;

    public double Value => (double)Numerator / Denominator;
}

/// <summary>
/// Byte offsets of the few FFmpeg struct fields that <see cref="LibavVideo"/> reads, for FFmpeg 7.1 on x86-64
/// (avformat 61, avcodec 61, avutil 59) only: taken from FFmpeg 7.1's public headers (libavformat/avformat.h,
/// libavcodec/packet.h, libavutil/frame.h, with the FF_API_* fields that 7.1 still compiles in) and confirmed with
/// <c>offsetof</c> compiled against them. <see cref="LibavVersions"/> refuses other versions and checks these offsets
/// against FFmpeg's own allocators before the first clip. Everything else is set through AVOptions, never by offset.
/// </summary>
internal static class LibavLayout
{
    /// <summary>AVFormatContext.nb_streams (unsigned int).</summary>
    private const int FormatStreamCount = 44;

    /// <summary>AVFormatContext.streams (AVStream**).</summary>
    private const int FormatStreams = 48;

    /// <summary>AVStream.av_class (const AVClass*, FF_API_AVSTREAM_CLASS is on in 7.1).</summary>
    private const int StreamClass = 0;

    /// <summary>AVStream.index (int).</summary>
    private const int StreamIndex = 8;

    /// <summary>AVStream.codecpar (AVCodecParameters*).</summary>
    private const int StreamCodecParameters = 16;

    /// <summary>AVStream.time_base (AVRational).</summary>
    private const int StreamTimeBase = 32;

    /// <summary>AVStream.start_time (int64_t, in time_base units).</summary>
    private const int StreamStartTime = 40;

    /// <summary>AVStream.avg_frame_rate (AVRational).</summary>
    private const int StreamAverageFrameRate = 88;

    /// <summary>AVStream.r_frame_rate (AVRational).</summary>
    private const int StreamRealFrameRate = 216;

    /// <summary>AVPacket.pts (int64_t).</summary>
    private const int PacketPts = 8;

    /// <summary>AVPacket.dts (int64_t).</summary>
    private const int PacketDts = 16;

    /// <summary>AVPacket.size (int).</summary>
    private const int PacketSize = 32;

    /// <summary>AVPacket.data (uint8_t*).</summary>
    private const int PacketData = 24;

    /// <summary>AVPacket.stream_index (int).</summary>
    private const int PacketStreamIndex = 36;

    /// <summary>AVPacket.flags (int; AV_PKT_FLAG_KEY = 1).</summary>
    private const int PacketFlags = 40;

    /// <summary>AVFrame.data (uint8_t* data[8]), the first field.</summary>
    private const int FrameData = 0;

    /// <summary>AVFrame.linesize (int linesize[8]).</summary>
    private const int FrameLineSize = 64;

    /// <summary>AVFrame.width (int).</summary>
    private const int FrameWidth = 104;

    /// <summary>AVFrame.height (int).</summary>
    private const int FrameHeight = 108;

    /// <summary>AVFrame.format (int, an AVPixelFormat for video).</summary>
    private const int FrameFormat = 116;

    /// <summary>AVFrame.pts (int64_t).</summary>
    private const int FramePts = 136;

    /// <summary>AVFrame.pkt_dts (int64_t).</summary>
    private const int FramePacketDts = 144;

    /// <summary>AVFrame.best_effort_timestamp (int64_t): the pts, or FFmpeg's guess where the packet had none.</summary>
    private const int FrameBestEffortTimestamp = 320;

    public static int StreamCount(IntPtr format) => Marshal.ReadInt32(format, FormatStreamCount);

    public static IntPtr Stream(IntPtr format, int index) => Marshal.ReadIntPtr(Marshal.ReadIntPtr(format, FormatStreams), index * IntPtr.Size);

    public static IntPtr StreamClassOf(IntPtr stream) => Marshal.ReadIntPtr(stream, StreamClass);

    public static int StreamIndexOf(IntPtr stream) => Marshal.ReadInt32(stream, StreamIndex);

    public static IntPtr CodecParameters(IntPtr stream) => Marshal.ReadIntPtr(stream, StreamCodecParameters);

    public static LibavRational TimeBase(IntPtr stream) => Rational(stream, StreamTimeBase);

    public static long StartTime(IntPtr stream) => Marshal.ReadInt64(stream, StreamStartTime);

    public static LibavRational AverageFrameRate(IntPtr stream) => Rational(stream, StreamAverageFrameRate);

    public static LibavRational RealFrameRate(IntPtr stream) => Rational(stream, StreamRealFrameRate);

    public static long Pts(IntPtr packet) => Marshal.ReadInt64(packet, PacketPts);

    public static long Dts(IntPtr packet) => Marshal.ReadInt64(packet, PacketDts);

    public static IntPtr Data(IntPtr packet) => Marshal.ReadIntPtr(packet, PacketData);

    public static int Size(IntPtr packet) => Marshal.ReadInt32(packet, PacketSize);

    public static int StreamIndexOfPacket(IntPtr packet) => Marshal.ReadInt32(packet, PacketStreamIndex);

    /// <summary>Whether the packet holds a keyframe (AV_PKT_FLAG_KEY).</summary>
    public static bool IsKeyframe(IntPtr packet) => (Marshal.ReadInt32(packet, PacketFlags) & 1) != 0;

    /// <summary>The address of AVFrame.data, as sws_scale takes it (a pointer to the plane pointers).</summary>
    public static IntPtr Planes(IntPtr frame) => frame + FrameData;

    /// <summary>The address of AVFrame.linesize.</summary>
    public static IntPtr LineSizes(IntPtr frame) => frame + FrameLineSize;

    public static IntPtr Plane(IntPtr frame, int plane) => Marshal.ReadIntPtr(frame, FrameData + plane * IntPtr.Size);

    public static int LineSize(IntPtr frame, int plane) => Marshal.ReadInt32(frame, FrameLineSize + plane * sizeof(int));

    public static int Width(IntPtr frame) => Marshal.ReadInt32(frame, FrameWidth);

    public static int Height(IntPtr frame) => Marshal.ReadInt32(frame, FrameHeight);

    public static int Format(IntPtr frame) => Marshal.ReadInt32(frame, FrameFormat);

    public static long FramePtsOf(IntPtr frame) => Marshal.ReadInt64(frame, FramePts);

    public static long FrameDts(IntPtr frame) => Marshal.ReadInt64(frame, FramePacketDts);

    public static long BestEffortTimestamp(IntPtr frame) => Marshal.ReadInt64(frame, FrameBestEffortTimestamp);

    /// <summary>Writes the fields that av_frame_get_buffer reads, for <see cref="LibavLayoutCheck"/> only.</summary>
    public static void SetFrameGeometry(IntPtr frame, int width, int height, int format)
    {
        Marshal.WriteInt32(frame, FrameWidth, width);
        Marshal.WriteInt32(frame, FrameHeight, height);
        Marshal.WriteInt32(frame, FrameFormat, format);
    }

    private static LibavRational Rational(IntPtr owner, int offset) =>
        new(Marshal.ReadInt32(owner, offset), Marshal.ReadInt32(owner, offset + sizeof(int)));
}
