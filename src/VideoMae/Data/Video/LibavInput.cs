using static VideoMae.Data.Video.LibavNative;

namespace VideoMae.Data.Video;

/// <summary>
/// One opened video for <see cref="LibavVideo"/>: the demuxer, its best video stream and a single-threaded decoder
/// for it, with a packet and a frame to move data through. Frame indices are counted in presentation order from the
/// stream's start, as OpenCV and ffmpeg number them. Dispose frees every native object; a failed open frees what it
/// had made before throwing.
/// </summary>
internal sealed class LibavInput : IDisposable
{
    private IntPtr _format;
    private IntPtr _decoder;
    private IntPtr _packet;
    private IntPtr _frame;
    private long _skipFrame = -1;

    private LibavInput(string path) => Path = path;

    public string Path { get; }

    /// <summary>The AVPacket that <see cref="ReadPacket"/> fills.</summary>
    public IntPtr Packet => _packet;

    /// <summary>The AVFrame that <see cref="ReceiveFrame"/> fills.</summary>
    public IntPtr Frame => _frame;

    private int StreamIndex { get; set; }

    private LibavRational TimeBase { get; set; }

    private LibavRational FrameRate { get; set; }

    private long StartTime { get; set; }

    /// <summary>Opens <paramref name="path"/>; a file FFmpeg cannot read as video throws <see cref="InvalidDataException"/> naming it.</summary>
    /// <param name="path">The video file.</param>
    /// <param name="fallbackFps">The probed rate, for a stream that states none.</param>
    public static LibavInput Open(string path, double fallbackFps)
    {
        var input = new LibavInput(path);
        try
        {
            input.OpenFormat();
            input.OpenDecoder(fallbackFps);
            return input;
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    private void OpenFormat()
    {
        Check(avformat_open_input(ref _format, Path, IntPtr.Zero, IntPtr.Zero), "not a readable video");
        Check(avformat_find_stream_info(_format, IntPtr.Zero), "no stream information");
    }

    private void OpenDecoder(double fallbackFps)
    {
        var index = av_find_best_stream(_format, MediaTypeVideo, -1, -1, out var codec, 0);
        Check(index, "no decodable video stream");
        var stream = LibavLayout.Stream(_format, index);
        StreamIndex = index;
        TimeBase = LibavLayout.TimeBase(stream);
        if (!TimeBase.IsPositive)
            throw new InvalidDataException($"{Path}: the video stream has no time base ({TimeBase.Numerator}/{TimeBase.Denominator}).");
        var start = LibavLayout.StartTime(stream);
        StartTime = start == NoTimestamp ? 0 : start;
        FrameRate = Rate(stream, fallbackFps);
        _decoder = avcodec_alloc_context3(codec);
        if (_decoder == IntPtr.Zero)
            throw new OutOfMemoryException("avcodec_alloc_context3 returned no decoder context.");
        Check(avcodec_parameters_to_context(_decoder, LibavLayout.CodecParameters(stream)), "unusable codec parameters");
        // One decoding thread per clip: the loader already decodes one clip per worker, one worker per core.
        Check(av_opt_set_int(_decoder, "threads", 1, 0), "cannot set the decoder's thread count");
        Check(avcodec_open2(_decoder, codec, IntPtr.Zero), "the decoder does not open");
        _packet = av_packet_alloc();
        _frame = av_frame_alloc();
        if (_packet == IntPtr.Zero || _frame == IntPtr.Zero)
            throw new OutOfMemoryException("av_packet_alloc/av_frame_alloc returned nothing.");
    }

    /// <summary>The average frame rate, else the real base rate, else the probed one, as OpenCV uses them for frame numbers.</summary>
    private static LibavRational Rate(IntPtr stream, double fallbackFps)
    {
        var average = LibavLayout.AverageFrameRate(stream);
        if (average.IsPositive)
            return average;
        var real = LibavLayout.RealFrameRate(stream);
        if (real.IsPositive)
            return real;
        // Only a rate that OpenCV's probe found reaches here; 1/1000 steps keep it exact for usual rates.
        return new LibavRational((int)Math.Round(fallbackFps * 1000), 1000);
    }

    /// <summary>The frame index of a timestamp (stream time base), or null for AV_NOPTS_VALUE.</summary>
    public long? IndexOf(long timestamp)
    {
        if (timestamp == NoTimestamp)
            return null;
        // round((t − start) · time base · rate), rounding halves up as OpenCV's frame numbers do.
        var seconds = (double)(timestamp - StartTime) * TimeBase.Numerator / TimeBase.Denominator;
        return (long)Math.Floor(seconds * FrameRate.Numerator / FrameRate.Denominator + 0.5);
    }

    /// <summary>
    /// Seeks to the keyframe at or before frame <paramref name="index"/>'s timestamp and empties the decoder; false
    /// where the demuxer cannot seek there.
    /// </summary>
    public bool SeekBefore(long index)
    {
        var seconds = (double)index * FrameRate.Denominator / FrameRate.Numerator;
        var timestamp = StartTime + (long)Math.Round(seconds * TimeBase.Denominator / TimeBase.Numerator);
        ThrowIfDisposed();
        if (av_seek_frame(_format, StreamIndex, timestamp, SeekBackward) < 0)
            return false;
        avcodec_flush_buffers(_decoder);
        return true;
    }

    /// <summary>
    /// Reads the next packet of the video stream into <see cref="Packet"/>: 0, AVERROR_EOF at the end, or another
    /// negative FFmpeg error (a truncated file), which the caller treats as the end.
    /// </summary>
    public int ReadPacket()
    {
        ThrowIfDisposed();
        while (true)
        {
            av_packet_unref(_packet);
            var result = av_read_frame(_format, _packet);
            if (result < 0 || LibavLayout.StreamIndexOfPacket(_packet) == StreamIndex)
                return result;
        }
    }

    /// <summary>Sets the decoder's skip_frame option (an AVDISCARD value) for the packets that follow.</summary>
    public void SetSkipFrame(long discard)
    {
        // av_opt_set_int searches the option table by name: only call it when the value changes.
        if (discard == _skipFrame)
            return;
        Check(av_opt_set_int(_decoder, "skip_frame", discard, 0), "cannot set the decoder's skip_frame option");
        _skipFrame = discard;
    }

    /// <summary>Sends <see cref="Packet"/> (or, with <paramref name="drain"/>, the end of input) to the decoder; returns FFmpeg's result.</summary>
    public int SendPacket(bool drain = false)
    {
        ThrowIfDisposed();
        return avcodec_send_packet(_decoder, drain ? IntPtr.Zero : _packet);
    }

    /// <summary>Receives the next decoded frame into <see cref="Frame"/>: 0, AVERROR(EAGAIN), AVERROR_EOF or an error.</summary>
    public int ReceiveFrame()
    {
        ThrowIfDisposed();
        av_frame_unref(_frame);
        return avcodec_receive_frame(_decoder, _frame);
    }

    /// <summary>An <see cref="InvalidDataException"/> naming the file, what failed and FFmpeg's text for <paramref name="error"/>.</summary>
    public InvalidDataException Failure(string what, int error) => new($"{Path}: {what} ({ErrorText(error)}).");

    /// <summary>A null context would crash FFmpeg, not throw.</summary>
    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_frame == IntPtr.Zero, this);

    private void Check(int result, string what)
    {
        if (result < 0)
            throw Failure(what, result);
    }

    public void Dispose()
    {
        if (_frame != IntPtr.Zero)
            av_frame_free(ref _frame);
        if (_packet != IntPtr.Zero)
            av_packet_free(ref _packet);
        if (_decoder != IntPtr.Zero)
            avcodec_free_context(ref _decoder);
        // Also frees a context that avformat_open_input left half open (it sets it to null on failure).
        if (_format != IntPtr.Zero)
            avformat_close_input(ref _format);
    }
}
