using static VideoMae.Data.Video.LibavNative;

namespace VideoMae.Data.Video;

/// <summary>
/// Decodes the frames of one clip from an opened <see cref="LibavInput"/>: a seek to the keyframe before the first
/// wanted frame, then packets in decode order until the last wanted frame is out. Each packet whose timestamp names a
/// frame the clip does not keep goes to the decoder with skip_frame = AVDISCARD_NONREF, so a frame that no other frame
/// references is not decoded at all (a reference frame is decoded either way, so no kept pixel changes); kept frames
/// and packets without a timestamp go with AVDISCARD_DEFAULT. Only kept frames are converted to RGB.
/// </summary>
internal sealed class LibavClipReader
{
    private readonly LibavInput _input;
    private readonly LibavRgb _rgb;
    private readonly IReadOnlyList<int> _wanted;
    private readonly LibavCounts? _counts;

    public LibavClipReader(LibavInput input, LibavRgb rgb, IReadOnlyList<int> wanted, LibavCounts? counts)
    {
        (_input, _rgb, _wanted, _counts) = (input, rgb, wanted, counts);
    }

    private int First => _wanted[0];

    /// <summary>
    /// RGB24 frames of the wanted indices, in order. A video that ends (or stops decoding) before a wanted frame repeats
    /// its last frame from the first wanted index on; none there is an <see cref="InvalidDataException"/>.
    /// </summary>
    public byte[][] Read(bool skipNonReference)
    {
        // A keyframe can come before frames it follows in presentation order (its dts is earlier than its pts), so a
        // seek can land past the first wanted frame: then seek again from further back, as OpenCV does.
        long seekFrom = First;
        for (var retreat = 16L; ; retreat *= 2)
        {
            // A clip from frame 0 reads the file as opened; every retry seeks, to frame 0 at the latest.
            if (seekFrom > 0 || retreat > 16)
            {
                _input.SeekBefore(seekFrom);
                if (_counts is not null)
                    _counts.Seeks++;
            }
            var run = Run(skipNonReference, detectOvershoot: seekFrom > 0);
            if (run.Frames is { } frames)
                return frames;
            if (run.EndedAfterSkipping)
            {
                // The frames just before the end may have been skipped, and the clip repeats the last one: read the
                // clip again decoding every frame, as rarely as videos end before their announced length.
                if (_counts is not null)
                    _counts.RereadWithoutSkipping = true;
                _input.SeekBefore(Math.Max(seekFrom, 0));
                return Run(skipNonReference: false, detectOvershoot: false).Frames!;
            }
            seekFrom = Math.Max(0, First - retreat);
        }
    }

    /// <summary>The clip's frames; or, with null frames, an overshooting seek or an early end after skipping.</summary>
    private readonly record struct Outcome(byte[][]? Frames, bool EndedAfterSkipping = false);

    private Outcome Run(bool skipNonReference, bool detectOvershoot)
    {
        var count = _wanted.Count;
        var frames = new byte[count][];
        var sent = new bool[count];
        var (next, sentWanted, error) = (0, 0, 0);
        var (draining, skippedAny, anyOutput) = (false, false, false);
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
                    var index = _input.IndexOf(LibavLayout.BestEffortTimestamp(frame)) ?? lastIndex + 1;
                    if (!anyOutput && detectOvershoot && index > First)
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
