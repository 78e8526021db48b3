using VideoMae.Masking;
using static TorchSharp.torch;

namespace VideoMae.Data.Loading;

/// <summary>
/// One batch of clips on the training device. The consumer owns it and disposes it after the step.
/// </summary>
/// <param name="Video">
/// float32 [B, 3, T, S, S], RGB in [0, 1] (a random-erased box holds mean + std·noise, which can leave that range);
/// tasks normalise the model's input on the device.
/// </param>
/// <param name="Split">The clips' token split (visible tokens, reconstructed positions, loss weights), or null without masking.</param>
/// <param name="Labels">int64 [B]; −1 for unlabeled clips.</param>
/// <param name="Videos">Dataset positions of the decoded videos, one per clip (repeated clips repeat it).</param>
public sealed record ClipBatch(Tensor Video, TokenSplit? Split, Tensor Labels, int[] Videos) : IDisposable
{
    /// <summary>The loader's worker time spent making this batch (decoding, augmenting, assembling); zero for a batch made elsewhere.</summary>
    public LoaderTime Time { get; init; }

    /// <summary>Clips in the batch.</summary>
    public int Count => (int)Video.shape[0];

    /// <inheritdoc/>
    public void Dispose()
    {
        Video.Dispose();
        Split?.Dispose();
        Labels.Dispose();
    }
}
