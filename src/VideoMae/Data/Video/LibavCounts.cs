namespace VideoMae.Data.Video;

/// <summary>
/// What one <see cref="LibavVideo"/> read did, for tests that check the skipping against the stream itself: the
/// frame index of every packet sent to the decoder (null where it had no timestamp), which of them were sent with
/// skip_frame = AVDISCARD_NONREF, how many frames the decoder returned, and how many seeks it took.
/// </summary>
internal sealed class LibavCounts
{
    public List<long?> SentIndices { get; } = [];

    public List<bool> SentSkippable { get; } = [];

    public int FramesDecoded { get; set; }

    public int Seeks { get; set; }

    /// <summary>Whether the read found the file shorter than the clip after skipping, and read it again without.</summary>
    public bool RereadWithoutSkipping { get; set; }
}
