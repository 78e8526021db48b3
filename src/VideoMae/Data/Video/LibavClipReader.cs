using static VideoMae.Data.Video.LibavNative;

namespace VideoMae.Data.Video;

/// <summary>
/// Decodes the frames of one clip with FFmpeg: a seek to the keyframe before the first wanted frame, then packets in
/// decode order until the last wanted frame is out. Each packet whose timestamp names a frame the clip does not keep
/// goes to the decoder with skip_frame = AVDISCARD_NONREF, so a frame that no other frame references is not decoded at
/// all (a reference frame is decoded either way, so no kept pixel changes); kept frames and packets without a
/// timestamp go with AVDISCARD_DEFAULT. Only kept frames are converted to RGB. Disposing frees the native objects.
/// </summary>
internal sealed class LibavClipReader : IDisposable
{
    private readonly string _path;
    private readonly double _fps;
    private readonly LibavRgb _rgb;
    private readonly IReadOnlyList<int> _wanted;
    private readonly LibavCounts? _counts;
    private LibavInput _input;
    private bool _atStart = true;

    /// <summary>Opens <paramref name="path"/> for frames <paramref name="wanted"/> (ascending, distinct) of the probed <paramref name="info"/>.</summary>
    public LibavClipReader(string path, VideoInfo info, IReadOnlyList<int> wanted, LibavCounts? counts)
    {
        (_path, _fps, _wanted, _counts) = (path, info.Fps, wanted, counts);
        _input = LibavInput.Open(path, info.Fps);
        try
        {
            _rgb = new LibavRgb(path, info.Width, info.Height);
        }
        catch
        {
            _input.Dispose();
            throw;
        }
    }

    private int First => _wanted[0];

    /// <summary>
    /// RGB24 frames of the wanted indices, in order. A video that ends (or stops decoding) before a wanted frame repeats
    /// its last frame from the first wanted index on; none there is an <see cref="InvalidDataException"/>.
    /// </summary>
    public byte[][] Read(bool skipNonReference)
    {
        // A keyframe can come before frames it follows in presentation order (its dts is earlier than its pts), and an
        // MPEG-TS seek goes by decoding timestamps and can land on any packet: a seek can overshoot the first wanted
        // frame. Then seek again from further back, as OpenCV does, and at last read from the start.
        long seekFrom = First;
        for (var retreat = 16L; ; retreat *= 2)
        {
            var run = Run(skipNonReference, afterSeek: MoveBefore(seekFrom));
            if (run.Frames is { } frames)
                return frames;
            if (run.EndedAfterSkipping)
            {
                // The frames just before the end may have been skipped, and the clip repeats the last one: read the
                // clip again decoding every frame, as rarely as videos end before their announced length.
                if (_counts is not null)
                    _counts.RereadWithoutSkipping = true;
                return Read(skipNonReference: false);
            }
            seekFrom = Math.Max(0, First - retreat);
        }
    }

    /// <summary>
    /// Positions the input at the keyframe before frame <paramref name="index"/>, or at the start of the file: for
    /// frame 0, which a timestamp seek does not always reach (an MPEG-TS stream's first decoding timestamps come
    /// before its first frame's), and where the demuxer cannot seek. A file already read from is opened again for
    /// that. True when it seeked.
    /// </summary>
    private bool MoveBefore(long index)
    {
        var seeked = index > 0 && _input.SeekBefore(index);
        if (seeked && _counts is not null)
            _counts.Seeks++;
        if (!seeked && !_atStart)
        {
            _input.Dispose();
            _input = LibavInput.Open(_path, _fps);
            if (_counts is not null)
                _counts.Reopens++;
        }
        _atStart = false;
        return seeked;
    }

    public void Dispose()
    {
        _rgb.Dispose();
        _input.Dispose();
    }

    /// <summary>The clip's frames; or, with null frames, a seek that landed past the clip or an early end after skipping.</summary>
    private readonly record struct Outcome(byte[][]? Frames, bool EndedAfterSkipping = false);

    private Outcome Run(bool skipNonReference, bool afterSeek)
    {
        var count = _wanted.Count;
        var frames = new byte[count][];
        var sent = new bool[count];
        var (next, sentWanted, error) = (0, 0, 0);
        var (draining, skippedAny, anyOutput, awaitKeyframe) = (false, false, false, afterSeek);
        var lastIndex = -1L;
        // The last frame from the first wanted index on, for a video that ends early: converted, or held undecoded.
        (byte[]? Rgb, long Index) lastKept = (null, long.MinValue);
        var held = av_frame_alloc();
        var heldIndex = long.MinValue;
        try
        {
            while (true)
            {
                int received;
                while ((received = _input.ReceiveFrame()) == 0)
                {
                    if (_counts is not null)
                        _counts.FramesDecoded++;
                    var frame = _input.Frame;
                    // The pts of the packet the frame came from, as the skipping decided by; FFmpeg's guess where it had none.
                    var index = _input.IndexOf(LibavLayout.FramePtsOf(frame)) ?? _input.IndexOf(LibavLayout.BestEffortTimestamp(frame)) ?? lastIndex + 1;
                    if (!anyOutput && afterSeek && index > First)
                        return new Outcome(null);
                    (anyOutput, lastIndex) = (true, index);
                    if (index < First)
                        continue;
                    if (_wanted[next] <= index)
                    {
                        var rgb = _rgb.Convert(frame, index);
                        // A timestamp gap can step over a wanted index: the next frame stands in for it.
                        while (next < count && _wanted[next] <= index)
                            frames[next++] = rgb;
                        if (next == count)
                            return new Outcome(frames);
                        lastKept = (rgb, index);
                    }
                    else
                    {
                        av_frame_unref(held);
                        av_frame_move_ref(held, frame);
                        heldIndex = index;
                    }
                }
                if (received != ErrorAgain)
                {
                    // AVERROR_EOF after draining, or an error that leaves the decoder unusable: the video ends here.
                    if (received != ErrorEndOfFile)
                        error = received;
                    break;
                }
                if (draining)
                    break;
                var read = _input.ReadPacket();
                if (read < 0)
                {
                    if (read != ErrorEndOfFile)
                        error = read;
                    draining = true;
                    _input.SendPacket(drain: true);
                    continue;
                }
                // After a seek, decoding starts at a keyframe: an MPEG-TS seek can land on any packet, and frames
                // decoded from there would lack their references.
                if (awaitKeyframe && !LibavLayout.IsKeyframe(_input.Packet))
                    continue;
                awaitKeyframe = false;
                var packetIndex = _input.IndexOf(LibavLayout.Pts(_input.Packet));
                var slot = packetIndex is { } i ? BinarySearch(i) : -1;
                var skip = skipNonReference && packetIndex is not null && slot < 0;
                skippedAny |= skip;
                _input.SetSkipFrame(skip ? DiscardNonReference : DiscardDefault);
                _counts?.SentIndices.Add(packetIndex);
                _counts?.SentSkippable.Add(skip);
                var sentResult = _input.SendPacket();
                if (sentResult < 0)
                {
                    // A packet that does not decode (a cut or damaged one) is passed over, as the ffmpeg program does;
                    // its frame's index then gets the next frame that decodes.
                    error = sentResult;
                    continue;
                }
                if (slot >= 0 && !sent[slot])
                {
                    sent[slot] = true;
                    // Every kept frame is in the decoder: drain it rather than decode the packets its reordering waits for.
                    if (++sentWanted == count)
                    {
                        draining = true;
                        _input.SendPacket(drain: true);
                    }
                }
            }
            // Nothing decoded after a seek (no keyframe from where it landed, as an MPEG-TS seek past the last one can
            // land): seek from further back.
            if (afterSeek && !anyOutput)
                return new Outcome(null);
            if (skipNonReference && skippedAny)
                return new Outcome(null, EndedAfterSkipping: true);
            var last = heldIndex > lastKept.Index ? _rgb.Convert(held, heldIndex) : lastKept.Rgb;
            if (last is null)
                throw error == 0
                    ? new InvalidDataException($"{_input.Path}: no frame could be decoded from index {First} on.")
                    : _input.Failure($"no frame could be decoded from index {First} on", error);
            for (; next < count; next++)
                frames[next] = last;
            return new Outcome(frames);
        }
        finally
        {
            av_frame_free(ref held);
        }
    }

    private int BinarySearch(long index)
    {
        var (low, high) = (0, _wanted.Count - 1);
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (_wanted[middle] == index)
                return middle;
            if (_wanted[middle] < index)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return -1;
    }
}
