namespace VideoMae.Data.Video;

/// <summary>
/// Decodes the frames of one clip with FFmpeg: a seek to the keyframe before the first wanted frame, then one pass
/// over the packets (<see cref="LibavClipRun"/>), retried from further back where the seek landed past the clip.
/// Disposing frees the native objects.
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
            // Positioning first: it may replace the input.
            var seeked = MoveBefore(seekFrom);
            var run = LibavClipRun.Decode(_input, _rgb, _wanted, _counts, skipNonReference, seeked);
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
}
