namespace VideoMae.Masking;

/// <summary>Which tokens the encoder does not see (SPEC §2.1).</summary>
public enum EncoderMasking
{
    /// <summary>One random spatial mask repeated over every temporal slice (VideoMAE's default, ratio 0.9).</summary>
    Tube,

    /// <summary>Uniformly random tokens over the whole clip (VideoMAE V1's tube-vs-random ablation).</summary>
    Random,
}

/// <summary>Which positions the decoder does not reconstruct (SPEC §2.2–§2.4).</summary>
public enum DecoderMasking
{
    /// <summary>VideoMAE V1: reconstruct exactly the tokens hidden from the encoder.</summary>
    None,

    /// <summary>VideoMAE V2's running cell: a 2×2 cell pattern that shifts by one position per temporal slice.</summary>
    RunningCell,

    /// <summary>Whole temporal slices dropped, evenly spaced with a random phase (paper Table 1 "frame").</summary>
    Frame,

    /// <summary>Uniformly random positions dropped (paper Table 1 "random").</summary>
    Random,
}
