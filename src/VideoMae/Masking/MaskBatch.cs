using static TorchSharp.torch;

namespace VideoMae.Masking;

/// <summary>Stacks per-sample masks into the bool [B, N] tensors the model takes, created directly on the model's device.</summary>
public static class MaskBatch
{
    /// <summary>Encoder and decoder masks of a batch.</summary>
    /// <returns>(encoderHidden, decoderHidden), both bool [B, N] on <paramref name="device"/>.</returns>
    public static (Tensor EncoderHidden, Tensor DecoderHidden) ToTensors(IReadOnlyList<MaskPair> masks, Device? device = null)
    {
        if (masks.Count == 0)
            throw new ArgumentException("masks is empty; expected one mask pair per sample.", nameof(masks));
        var n = masks[0].EncoderHidden.Length;
        if (masks.Any(m => m.EncoderHidden.Length != n || m.DecoderHidden.Length != n))
            throw new ArgumentException($"mask lengths differ across the batch; expected {n} tokens in every encoder and decoder mask.", nameof(masks));
        var encoder = tensor(masks.SelectMany(m => m.EncoderHidden).ToArray(), [masks.Count, n], device: device);
        var decoder = tensor(masks.SelectMany(m => m.DecoderHidden).ToArray(), [masks.Count, n], device: device);
        return (encoder, decoder);
    }
}
