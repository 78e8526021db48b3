namespace VideoMae.Data.Video;

/// <summary>
/// What one <see cref="LibavVideo"/> read did, for tests that check the skipping against the stream itself: the
/// frame index of every packet sent to the decoder (null where it had no timestamp), which of them were sent with
/// skip_frame = AVDISCARD_NONREF, how many frames the decoder returned, and how many seeks and re-openings it took.
/// </summary>
internal sealed class LibavCounts
{
    public List<long?> SentIndices { get; } = [];

    public List<bool> SentSkippable { get; } = [];

    public int FramesDecoded { get; set; }

    public int Seeks { get; set; }

    /// <summary>How often the file was opened again to read from its start after seeks that landed past the clip.</summary>
    public int Reopens { get; set; }

    /// <summary>Whether the read found the file shorter than the clip after skipping, and read it again without.</summary>
    public bool RereadWithoutSkipping { get; set; }
}
