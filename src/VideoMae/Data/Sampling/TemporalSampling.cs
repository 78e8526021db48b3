namespace VideoMae.Data.Sampling;

/// <summary>
/// How frames are chosen from a video, in training and at test time (SPEC §4.3, §5.2, §5.4). Test views take
/// <see cref="Dense"/> (Kinetics) or <see cref="Segments"/> (Something-Something); training takes all three.
/// </summary>
public enum TemporalSampling
{
    /// <summary>
    /// Frames at the source's stride: in pre-training consecutive from a random start (SPEC §4.3); at test time every
    /// stride-th frame, with the clips spread over the video (SPEC §5.4).
    /// </summary>
    Dense,

    /// <summary>Fine-tuning, Kinetics-style: evenly spread over a stride-long window with a random end (SPEC §5.2).</summary>
    DenseWindow,

    /// <summary>Something-Something-style (TSN): one frame per equal segment, random in training, the clips interleaved at test time.</summary>
    Segments,
}
