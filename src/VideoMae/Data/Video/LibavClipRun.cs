using static VideoMae.Data.Video.LibavNative;

namespace VideoMae.Data.Video;

/// <summary>
/// One pass over a clip's packets from where <see cref="LibavClipReader"/> positioned the input, in decode order until
/// the last wanted frame is out. Each packet whose timestamp names a frame the clip does not keep goes to the decoder
/// with skip_frame = AVDISCARD_NONREF, so a frame that no other frame references is not decoded at all (a reference
/// frame is decoded either way, so no kept pixel changes); kept frames and packets without a timestamp go with
/// AVDISCARD_DEFAULT. Only kept frames are converted to RGB.
/// </summary>
internal static class LibavClipRun
{
    /// <summary>The clip's frames; or, with null frames, a seek that landed past the clip or an early end after skipping.</summary>
    public readonly record struct Outcome(byte[][]? Frames, bool EndedAfterSkipping = false);

    /// <summary>
    /// The frames of <paramref name="wanted"/> (ascending, distinct), the last decoded frame from the first wanted one
    /// on repeated where the input ends early; null frames where a seek (<paramref name="afterSeek"/>) landed past the
    /// clip or yielded nothing, or where the input ended early after skipping.
    /// </summary>
    public static Outcome Decode(LibavInput input, LibavRgb converter, IReadOnlyList<int> wanted, LibavCounts? counts, bool skipNonReference, bool afterSeek)
    {
        var first = wanted[0];
        var count = wanted.Count;
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
                while ((received = input.ReceiveFrame()) == 0)
                {
                    if (counts is not null)
                        counts.FramesDecoded++;
                    var frame = input.Frame;
                    // The pts of the packet the frame came from, as the skipping decided by; FFmpeg's guess where it had none.
                    var index = input.IndexOf(LibavLayout.FramePtsOf(frame)) ?? input.IndexOf(LibavLayout.BestEffortTimestamp(frame)) ?? lastIndex + 1;
                    if (!anyOutput && afterSeek && index > first)
                        return new Outcome(null);
                    (anyOutput, lastIndex) = (true, index);
                    if (index < first)
                        continue;
                    if (wanted[next] <= index)
                    {
                        var rgb = converter.Convert(frame, index);
                        // A timestamp gap can step over a wanted index: the next frame stands in for it.
                        while (next < count && wanted[next] <= index)
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
                var read = input.ReadPacket();
                if (read < 0)
                {
                    if (read != ErrorEndOfFile)
                        error = read;
                    draining = true;
                    input.SendPacket(drain: true);
                    continue;
                }
                // After a seek, decoding starts at a keyframe: an MPEG-TS seek can land on any packet, and frames
                // decoded from there would lack their references.
                if (awaitKeyframe && !LibavLayout.IsKeyframe(input.Packet))
                    continue;
                awaitKeyframe = false;
                var packetIndex = input.IndexOf(LibavLayout.Pts(input.Packet));
                var slot = packetIndex is { } i ? BinarySearch(wanted, i) : -1;
                var skip = skipNonReference && packetIndex is not null && slot < 0;
                skippedAny |= skip;
                input.SetSkipFrame(skip ? DiscardNonReference : DiscardDefault);
                counts?.SentIndices.Add(packetIndex);
                counts?.SentSkippable.Add(skip);
                var sentResult = input.SendPacket();
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
                        input.SendPacket(drain: true);
                    }
                }
            }
            // Nothing decoded after a seek (no keyframe from where it landed, as an MPEG-TS seek past the last one can
            // land): seek from further back.
            if (afterSeek && !anyOutput)
                return new Outcome(null);
            if (skipNonReference && skippedAny)
                return new Outcome(null, EndedAfterSkipping: true);
            var last = heldIndex > lastKept.Index ? converter.Convert(held, heldIndex) : lastKept.Rgb;
            if (last is null)
                throw error == 0
                    ? new InvalidDataException($"{input.Path}: no frame could be decoded from index {first} on.")
                    : input.Failure($"no frame could be decoded from index {first} on", error);
            for (; next < count; next++)
                frames[next] = last;
            return new Outcome(frames);
        }
        finally
        {
            av_frame_free(ref held);
        }
    }

    private static int BinarySearch(IReadOnlyList<int> wanted, long index)
    {
        var (low, high) = (0, wanted.Count - 1);
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (wanted[middle] == index)
                return middle;
            if (wanted[middle] < index)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return -1;
    }
}
