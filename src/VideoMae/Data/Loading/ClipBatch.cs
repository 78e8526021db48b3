using static TorchSharp.torch;

namespace VideoMae.Data.Loading;

/// <summary>
/// One batch of clips on the training device. The consumer owns it and disposes it after the step.
/// </summary>
/// <param name="Video">float32 [B, 3, T, S, S], ImageNet-normalised.</param>
/// <param name="EncoderHidden">bool [B, N] (true = hidden from the encoder), or null without masking.</param>
/// <param name="DecoderHidden">bool [B, N] (true = not reconstructed), or null without masking.</param>
/// <param name="Labels">int64 [B]; −1 for unlabeled clips.</param>
/// <param name="Videos">Dataset positions of the decoded videos, one per clip (repeated clips repeat it).</param>
/// <param name="DecodeSeconds">Wall time the workers spent decoding and augmenting this batch.</param>
public sealed record ClipBatch(Tensor Video, Tensor? EncoderHidden, Tensor? DecoderHidden, Tensor Labels, int[] Videos, double DecodeSeconds) : IDisposable
{
    /// <summary>Clips in the batch.</summary>
    public int Count => (int)Video.shape[0];

    /// <inheritdoc/>
    public void Dispose()
    {
        Video.Dispose();
        EncoderHidden?.Dispose();
        DecoderHidden?.Dispose();
        Labels.Dispose();
    }
}
