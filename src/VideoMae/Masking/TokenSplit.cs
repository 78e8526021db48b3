using VideoMae.Targets;
using static TorchSharp.torch;

namespace VideoMae.Masking;

/// <summary>
/// A batch's dual masks as token indices, the form the model and the loss consume: which tokens the encoder sees,
/// which positions the decoder reconstructs, and the loss weight of each reconstructed position. It is built once per
/// batch on the host, where the masks already are, and moved with the batch; the forward pass then only gathers, so it
/// never waits for the device to count tokens. Built only by <see cref="FromMasks(IReadOnlyList{MaskPair}, LossTokens, Device?)"/>,
/// which checks what the batched layout needs, so every split in existence is valid.
/// </summary>
public sealed class TokenSplit : IDisposable
{
    private TokenSplit(Tensor visible, Tensor reconstructed, Tensor lossWeight, int tokens)
    {
        Visible = visible;
        Reconstructed = reconstructed;
        LossWeight = lossWeight;
        Tokens = tokens;
    }

    /// <summary>int64 [B, N_vis]: the tokens the encoder sees, ascending (raster order, as the reference keeps them).</summary>
    public Tensor Visible { get; }

    /// <summary>int64 [B, n_rec]: the positions the decoder reconstructs, ascending.</summary>
    public Tensor Reconstructed { get; }

    /// <summary>float32 [B, n_rec]: 1 where the loss scores the reconstructed position, else 0 (SPEC §2.4).</summary>
    public Tensor LossWeight { get; }

    /// <summary>Tokens per clip, N.</summary>
    public int Tokens { get; }

    /// <summary>Samples in the batch.</summary>
    public long Batch => Visible.shape[0];

    /// <summary>The split of a batch's mask pairs, created directly on <paramref name="device"/> (the CPU when null).</summary>
    /// <param name="masks">One pair per sample, true = hidden (from the encoder / from reconstruction).</param>
    /// <param name="tokens">Which reconstructed positions the loss scores.</param>
    /// <param name="device">Where the index tensors live.</param>
    public static TokenSplit FromMasks(IReadOnlyList<MaskPair> masks, LossTokens tokens = LossTokens.EncoderHiddenOnly, Device? device = null)
    {
        if (masks.Count == 0)
            throw new ArgumentException("masks is empty; expected one mask pair per sample.", nameof(masks));
        var n = masks[0].EncoderHidden.Length;
        if (masks.Any(m => m.EncoderHidden.Length != n || m.DecoderHidden.Length != n))
            throw new ArgumentException($"mask lengths differ across the batch; expected {n} tokens in every encoder and decoder mask.", nameof(masks));
        var visible = masks.Select(m => Positions(m.EncoderHidden)).ToArray();
        var reconstructed = masks.Select(m => Positions(m.DecoderHidden)).ToArray();
        var nVis = SameCount(visible, "encoderHidden", "visible tokens");
        var nRec = SameCount(reconstructed, "decoderHidden", "reconstructed positions");
        var weight = masks.SelectMany((m, b) => reconstructed[b].Select(i =>
            tokens == LossTokens.AllReconstructed || m.EncoderHidden[i] ? 1f : 0f)).ToArray();
        if (nVis == 0)
            throw new ArgumentException("encoderHidden hides every token; expected at least one visible token per sample.", nameof(masks));
        if (!weight.Any(w => w > 0))
            throw new ArgumentException(
                $"the loss ({tokens}) scores no token of the batch: every reconstructed position is visible to the encoder; expected a decoder mask that keeps some hidden tokens.",
                nameof(masks));
        var b = masks.Count;
        return new TokenSplit(
            tensor(visible.SelectMany(v => v).ToArray(), [b, nVis], device: device),
            tensor(reconstructed.SelectMany(r => r).ToArray(), [b, nRec], device: device),
            tensor(weight, [b, nRec], device: device),
            n);
    }

    /// <summary>
    /// The split of bool [B, N] mask tensors (true = hidden), the form notebooks and tests hold; reads them to the
    /// host once and builds the split on their device.
    /// </summary>
    public static TokenSplit FromMasks(Tensor encoderHidden, Tensor decoderHidden, LossTokens tokens = LossTokens.EncoderHiddenOnly)
    {
        CheckMask(encoderHidden, nameof(encoderHidden));
        CheckMask(decoderHidden, nameof(decoderHidden));
        Require.Shape(decoderHidden.shape, encoderHidden.shape, nameof(decoderHidden));
        var (b, n) = ((int)encoderHidden.shape[0], (int)encoderHidden.shape[1]);
        bool[] Host(Tensor mask)
        {
            using var cpu = mask.cpu();
            return cpu.data<bool>().ToArray();
        }
        var (encoder, decoder) = (Host(encoderHidden), Host(decoderHidden));
        var pairs = Enumerable.Range(0, b).Select(i => new MaskPair(encoder[(i * n)..((i + 1) * n)], decoder[(i * n)..((i + 1) * n)])).ToArray();
        return FromMasks(pairs, tokens, encoderHidden.device);
    }

    /// <summary>This split on <paramref name="device"/>; the caller owns the copy.</summary>
    public TokenSplit To(Device device) => new(Visible.to(device), Reconstructed.to(device), LossWeight.to(device), Tokens);

    /// <summary>Takes the split's tensors out of the current dispose scope, so it lives until disposed.</summary>
    public TokenSplit DetachFromDisposeScope()
    {
        Visible.DetachFromDisposeScope();
        Reconstructed.DetachFromDisposeScope();
        LossWeight.DetachFromDisposeScope();
        return this;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Visible.Dispose();
        Reconstructed.Dispose();
        LossWeight.Dispose();
    }

    /// <summary>The ascending indices of the tokens a mask does not hide.</summary>
    private static long[] Positions(bool[] hidden)
    {
        var kept = new List<long>(hidden.Length);
        for (var i = 0; i < hidden.Length; i++)
            if (!hidden[i])
                kept.Add(i);
        return kept.ToArray();
    }

    private static int SameCount(long[][] perSample, string maskName, string what)
    {
        var counts = perSample.Select(p => p.Length).ToArray();
        if (counts.Distinct().Count() != 1)
            throw new ArgumentException(
                $"{maskName} leaves different numbers of {what} per sample ({string.Join(", ", counts)}); expected the same count in every sample.", maskName);
        return counts[0];
    }

    private static void CheckMask(Tensor mask, string name)
    {
        if (mask.dtype != ScalarType.Bool || mask.dim() != 2)
            throw new ArgumentException($"{name} is {mask.dtype} [{string.Join(", ", mask.shape)}]; expected Bool [batch, tokens].", name);
    }
}
