using VideoMae.Config;

namespace VideoMae.Masking;

/// <summary>One sample's masks, in token order; both use true = hidden (from the encoder / from reconstruction).</summary>
/// <param name="EncoderHidden">true = the encoder does not see the token.</param>
/// <param name="DecoderHidden">true = the decoder does not reconstruct the position (the reference's decode_masked_pos).</param>
public sealed record MaskPair(bool[] EncoderHidden, bool[] DecoderHidden);

/// <summary>
/// Which masks a pre-training run uses: the encoder's (tube 0.9 in V2) and the decoder's (running cell 0.5 in V2).
/// The decoder mask is drawn independently of the encoder mask (SPEC §2.3), except <see cref="DecoderMasking.None"/>,
/// which reconstructs exactly the encoder-hidden tokens.
/// </summary>
/// <param name="Encoder">The encoder masking.</param>
/// <param name="EncoderRatio">Fraction of tokens hidden from the encoder.</param>
/// <param name="Decoder">The decoder masking.</param>
/// <param name="DecoderRatio">Fraction of positions not reconstructed (ignored for <see cref="DecoderMasking.None"/>).</param>
public sealed record DualMasking(EncoderMasking Encoder, double EncoderRatio, DecoderMasking Decoder, double DecoderRatio)
{
    /// <summary>VideoMAE V2's default: tube 90% for the encoder, running cell 50% for the decoder.</summary>
    public static readonly DualMasking V2 = new(EncoderMasking.Tube, 0.9, DecoderMasking.RunningCell, 0.5);

    /// <summary>VideoMAE V1: tube 90%, the decoder reconstructs every hidden token.</summary>
    public static readonly DualMasking V1 = new(EncoderMasking.Tube, 0.9, DecoderMasking.None, 0);

    /// <summary>Draws one sample's masks.</summary>
    public MaskPair Sample(TokenGrid grid, Random rng)
    {
        var encoder = Encoder switch
        {
            EncoderMasking.Tube => TubeMasking.Sample(grid, EncoderRatio, rng),
            EncoderMasking.Random => RandomMasking.SampleEncoder(grid, EncoderRatio, rng),
            _ => throw new ArgumentOutOfRangeException(nameof(Encoder), Encoder, "unknown encoder masking"),
        };
        var decoder = Decoder switch
        {
            DecoderMasking.None => encoder.Select(hidden => !hidden).ToArray(),
            DecoderMasking.RunningCell => RunningCellMasking.Sample(grid, DecoderRatio, rng),
            DecoderMasking.Frame => FrameMasking.Sample(grid, DecoderRatio, rng),
            DecoderMasking.Random => RandomMasking.SampleDecoder(grid, DecoderRatio, rng),
            _ => throw new ArgumentOutOfRangeException(nameof(Decoder), Decoder, "unknown decoder masking"),
        };
        return new MaskPair(encoder, decoder);
    }

    /// <summary>Checks the ratios against the grid without drawing, so a bad setting fails before a run starts.</summary>
    public DualMasking Validate(TokenGrid grid)
    {
        Sample(grid, new Random(0));
        return this;
    }
}

/// <summary>Token counts of one sample under dual masking (SPEC §2.3).</summary>
/// <param name="Tokens">Tokens per clip, N.</param>
/// <param name="EncoderVisible">Tokens the encoder sees.</param>
/// <param name="Reconstructed">Positions the decoder reconstructs (mask tokens fed to it).</param>
/// <param name="DecoderTokens">Decoder sequence length: visible tokens + reconstructed positions.</param>
/// <param name="LossTokens">Reconstructed positions that the encoder did not see (the V2 loss set).</param>
public sealed record MaskCounts(int Tokens, int EncoderVisible, int Reconstructed, int DecoderTokens, int LossTokens)
{
    /// <summary>Counts the tokens of a mask pair.</summary>
    public static MaskCounts Of(MaskPair masks)
    {
        var n = masks.EncoderHidden.Length;
        var visible = masks.EncoderHidden.Count(h => !h);
        var reconstructed = masks.DecoderHidden.Count(h => !h);
        var loss = Enumerable.Range(0, n).Count(i => masks.EncoderHidden[i] && !masks.DecoderHidden[i]);
        return new MaskCounts(n, visible, reconstructed, visible + reconstructed, loss);
    }
}
