using VideoMae.Masking;
using static TorchSharp.torch;

namespace VideoMae.Targets;

// The boolean-mask forms for notebooks and tests, kept apart from the training path: converting masks reads them to
// the host, which the index path never does.
public static partial class ReconstructionLoss
{
    /// <summary>The boolean-mask form of <see cref="Compute(Tensor, Tensor, TokenSplit)"/> for notebooks and tests.</summary>
    /// <param name="prediction">[B, n_rec, V] from the decoder.</param>
    /// <param name="target">[B, N, V] from <see cref="ReconstructionTarget.Build"/>.</param>
    /// <param name="encoderHidden">bool [B, N]; true = hidden from the encoder.</param>
    /// <param name="decoderHidden">bool [B, N]; true = not reconstructed.</param>
    /// <param name="tokens">Which tokens count.</param>
    public static Tensor Compute(Tensor prediction, Tensor target, Tensor encoderHidden, Tensor decoderHidden, LossTokens tokens = LossTokens.EncoderHiddenOnly)
    {
        using var split = TokenSplit.FromMasks(encoderHidden, decoderHidden, tokens);
        return Compute(prediction, target, split);
    }

    /// <summary>The boolean-mask form of <see cref="MeanPredictor(Tensor, TokenSplit, int)"/> for notebooks and tests.</summary>
    /// <param name="target">[B, N, V] from <see cref="ReconstructionTarget.Build"/>, channel the fastest index.</param>
    /// <param name="encoderHidden">bool [B, N]; true = hidden from the encoder.</param>
    /// <param name="decoderHidden">bool [B, N]; true = not reconstructed.</param>
    /// <param name="channels">Colour channels per pixel (V is a multiple of it).</param>
    /// <param name="tokens">Which tokens count.</param>
    public static Tensor MeanPredictor(Tensor target, Tensor encoderHidden, Tensor decoderHidden, int channels, LossTokens tokens = LossTokens.EncoderHiddenOnly)
    {
        using var split = TokenSplit.FromMasks(encoderHidden, decoderHidden, tokens);
        return MeanPredictor(target, split, channels);
    }
}
