using VideoMae.Masking;
using static TorchSharp.torch;

namespace VideoMae.Targets;

/// <summary>Which reconstructed tokens the loss averages over (SPEC §2.4).</summary>
public enum LossTokens
{
    /// <summary>Reconstructed positions hidden from the encoder: the V2 default (paper Table 1, ²).</summary>
    EncoderHiddenOnly,

    /// <summary>Every reconstructed position, including those the encoder saw (paper Table 1, ¹, as SPEC §2.4 reads it).</summary>
    AllReconstructed,
}

/// <summary>
/// Mean squared error per reconstructed token over its t·p·p·C values, then a weighted mean over tokens of the whole
/// batch: Σ mse·w / Σ w, with the split's loss weight w (1 on the tokens <see cref="LossTokens"/> selects, SPEC §1.6).
/// </summary>
public static partial class ReconstructionLoss
{
    /// <summary>The scalar loss.</summary>
    /// <param name="prediction">[B, n_rec, V] from the decoder, reconstructed positions in raster order.</param>
    /// <param name="target">[B, N, V] from <see cref="ReconstructionTarget.Build"/>.</param>
    /// <param name="split">The batch's token split; its loss weight says which tokens count.</param>
    public static Tensor Compute(Tensor prediction, Tensor target, TokenSplit split)
    {
        using var scope = NewDisposeScope();
        var (b, n, v) = (target.shape[0], target.shape[1], target.shape[2]);
        Require.Shape([b, n], [split.Batch, split.Tokens], nameof(target) + " [B, N]");
        Require.Shape(prediction.shape, [b, split.Reconstructed.shape[1], v], nameof(prediction));
        var labels = Models.TokenSelection.Gather(target, split.Reconstructed, nameof(split.Reconstructed));   // [B, n_rec, V]
        var perToken = (prediction.to(ScalarType.Float32) - labels).square().mean([-1]);                      // [B, n_rec]
        return ((perToken * split.LossWeight).sum() / split.LossWeight.sum()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The loss of a model that predicts every value of a token as that token's own mean per channel, on the tokens
    /// <see cref="Compute(Tensor, Tensor, TokenSplit)"/> scores. It is the floor a model reaches without reconstructing
    /// any structure (zero after normalisation, where it equals the target's mean square), so a loss that sits on it
    /// says the model learnt nothing.
    /// </summary>
    /// <param name="target">[B, N, V] from <see cref="ReconstructionTarget.Build"/>, channel the fastest index.</param>
    /// <param name="split">The batch's token split.</param>
    /// <param name="channels">Colour channels per pixel (V is a multiple of it).</param>
    public static Tensor MeanPredictor(Tensor target, TokenSplit split, int channels)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (b, n, v) = (target.shape[0], target.shape[1], target.shape[2]);
        if (channels < 1 || v % channels != 0)
            throw new ArgumentException($"channels = {channels}; expected a divisor of the {v} values per token.", nameof(channels));
        Require.Shape([b, n], [split.Batch, split.Tokens], nameof(target) + " [B, N]");
        var labels = Models.TokenSelection.Gather(target, split.Reconstructed, nameof(split.Reconstructed));   // [B, n_rec, V]
        var perChannel = labels.reshape(b, labels.shape[1], v / channels, channels);                          // [B, n_rec, t·p·p, C]
        var perToken = (perChannel - perChannel.mean([2], keepdim: true)).square().mean([2, 3]);               // [B, n_rec]
        return ((perToken * split.LossWeight).sum() / split.LossWeight.sum()).MoveToOuterDisposeScope();
    }
}
