using static VideoMae.Data.Video.LibavNative;

namespace VideoMae.Data.Video;

/// <summary>
/// Checks <see cref="LibavLayout"/>'s offsets against objects that FFmpeg's own allocators fill with known values
/// (no video needed): a fresh packet's and frame's timestamps are AV_NOPTS_VALUE, av_new_packet sets data and size,
/// av_frame_get_buffer only succeeds when it finds the width, height and format written at the frame offsets, and
/// avformat_new_stream fills nb_streams, streams, the stream's class, index, codec parameters and start time. A wrong
/// offset then disables <see cref="LibavVideo"/> with the field's name instead of decoding wrong frames.
/// </summary>
internal static class LibavLayoutCheck
{
    /// <summary>Null when every checked field reads as expected, else the first field that does not.</summary>
    public static string? Run() => Packet() ?? Frame() ?? Streams();

    private static string? Packet()
    {
        var packet = av_packet_alloc();
        if (packet == IntPtr.Zero)
            return "av_packet_alloc returned no packet";
        try
        {
            if (LibavLayout.Pts(packet) != NoTimestamp || LibavLayout.Dts(packet) != NoTimestamp)
                return "AVPacket.pts/dts of a new packet are not AV_NOPTS_VALUE";
            if (av_new_packet(packet, 100) < 0 || LibavLayout.Size(packet) != 100 || LibavLayout.Data(packet) == IntPtr.Zero)
                return "AVPacket.size/data do not hold av_new_packet's 100-byte buffer";
            if (LibavLayout.StreamIndexOfPacket(packet) != 0 || LibavLayout.IsKeyframe(packet))
                return "AVPacket.stream_index/flags of a new packet are not 0";
            return null;
        }
        finally
        {
            av_packet_free(ref packet);
        }
    }

    private static string? Frame()
    {
        var frame = av_frame_alloc();
        if (frame == IntPtr.Zero)
            return "av_frame_alloc returned no frame";
        try
        {
            if (LibavLayout.FramePtsOf(frame) != NoTimestamp || LibavLayout.FrameDts(frame) != NoTimestamp || LibavLayout.BestEffortTimestamp(frame) != NoTimestamp)
                return "AVFrame.pts/pkt_dts/best_effort_timestamp of a new frame are not AV_NOPTS_VALUE";
            if (LibavLayout.Format(frame) != -1)
                return "AVFrame.format of a new frame is not -1 (none)";
            // 70×30 RGB24: one plane of at least 210 bytes a row, no second plane.
            LibavLayout.SetFrameGeometry(frame, 70, 30, PixelFormatRgb24);
            if (av_frame_get_buffer(frame, 0) < 0)
                return "av_frame_get_buffer did not find the width/height/format written at AVFrame's offsets";
            if (LibavLayout.Plane(frame, 0) == IntPtr.Zero || LibavLayout.LineSize(frame, 0) < 210 || LibavLayout.Plane(frame, 1) != IntPtr.Zero)
                return "AVFrame.data/linesize do not hold av_frame_get_buffer's RGB24 plane";
            return null;
        }
        finally
        {
            av_frame_free(ref frame);
        }
    }

    private static string? Streams()
    {
        var format = avformat_alloc_context();
        if (format == IntPtr.Zero)
            return "avformat_alloc_context returned no context";
        try
        {
            var first = avformat_new_stream(format, IntPtr.Zero);
            var second = avformat_new_stream(format, IntPtr.Zero);
            if (first == IntPtr.Zero || second == IntPtr.Zero)
                return "avformat_new_stream returned no stream";
            if (LibavLayout.StreamCount(format) != 2 || LibavLayout.Stream(format, 0) != first || LibavLayout.Stream(format, 1) != second)
                return "AVFormatContext.nb_streams/streams do not list the two streams just added";
            if (LibavLayout.StreamClassOf(second) != av_stream_get_class() || LibavLayout.StreamIndexOf(second) != 1)
                return "AVStream.av_class/index of the second stream are not av_stream_get_class() and 1";
            // A new AVCodecParameters starts with codec_type = AVMEDIA_TYPE_UNKNOWN (-1).
            var parameters = LibavLayout.CodecParameters(second);
            if (parameters == IntPtr.Zero || System.Runtime.InteropServices.Marshal.ReadInt32(parameters) != -1)
                return "AVStream.codecpar does not point to new codec parameters";
            if (LibavLayout.StartTime(second) != NoTimestamp)
                return "AVStream.start_time of a new stream is not AV_NOPTS_VALUE";
            return null;
        }
        finally
        {
            avformat_free_context(format);
        }
    }
}
