using VideoMae.Masking;
using VideoMae.Targets;
using static TorchSharp.torch;

namespace VideoMae.Models;

// The boolean-mask form for notebooks and tests, kept apart from the training path: converting masks reads them to
// the host, which the index path never does.
public sealed partial class PretrainModel
{
    /// <summary>The boolean-mask form of <see cref="forward(Tensor, TokenSplit)"/> for notebooks and tests: converts the masks to a split first.</summary>
    /// <param name="video">[B, C, T, H, W], ImageNet-normalised.</param>
    /// <param name="encoderHidden">bool [B, N]; true = hidden from the encoder.</param>
    /// <param name="decoderHidden">bool [B, N]; true = not reconstructed. V1 behaviour: pass the negated encoder mask.</param>
    /// <returns>[B, n_rec, C·t·p·p].</returns>
    public Tensor call(Tensor video, Tensor encoderHidden, Tensor decoderHidden)
    {
        using var split = TokenSplit.FromMasks(encoderHidden, decoderHidden, LossTokens.AllReconstructed);
        return call(video, split);
    }
}
