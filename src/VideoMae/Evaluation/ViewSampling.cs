namespace VideoMae.Evaluation;

/// <summary>How the temporal clips of a test video are chosen (SPEC §5.4).</summary>
public enum ViewSampling
{
    /// <summary>Kinetics-style: every stride-th frame, then clips of consecutive sampled frames spread over the video.</summary>
    Dense,

    /// <summary>SSv2-style: TSN segments, one frame per segment, the clips interleaved.</summary>
    Segments,
}
