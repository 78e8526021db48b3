using TorchSharp;
using static TorchSharp.torch;

namespace VideoMae.Training.Regularisation;

/// <summary>
/// Mixup and CutMix over a batch of clips as timm's Mixup does in "batch" mode (SPEC §5.2): one λ per batch; the
/// partner of sample i is sample B−1−i (the batch flipped); CutMix pastes the same box into every frame and corrects λ
/// to the pasted area. Labels become smoothed one-hot vectors mixed with the same λ.
/// </summary>
/// <param name="MixupAlpha">Beta parameter of mixup's λ; 0 disables mixup.</param>
/// <param name="CutmixAlpha">Beta parameter of CutMix's λ; 0 disables CutMix.</param>
/// <param name="Probability">Probability that a batch is mixed at all.</param>
/// <param name="SwitchProbability">With both enabled, the probability of CutMix.</param>
/// <param name="LabelSmoothing">Smoothing of the one-hot labels.</param>
public sealed record Mixup(double MixupAlpha, double CutmixAlpha, double Probability, double SwitchProbability, double LabelSmoothing)
{
    /// <summary>Whether any mixing is configured.</summary>
    public bool Enabled => (MixupAlpha > 0 || CutmixAlpha > 0) && Probability > 0;

    /// <summary>Mixes <paramref name="video"/> [B, C, T, H, W] and returns it with soft labels [B, classes] (float32).</summary>
    public (Tensor Video, Tensor Targets) Apply(Tensor video, Tensor labels, int classes, Random rng)
    {
        if (Enabled && video.shape[0] % 2 != 0)
            throw new ArgumentException($"batch of {video.shape[0]} clips; mixup pairs clip i with clip B−1−i and needs an even batch.", nameof(video));
        using var scope = NewDisposeScope();
        var (lambda, blend) = (1.0, false);
        var mixed = video.alias();
        if (Enabled && rng.NextDouble() < Probability)
        {
            var useCutmix = CutmixAlpha > 0 && (MixupAlpha <= 0 || rng.NextDouble() < SwitchProbability);
            if (useCutmix)
                (mixed, lambda) = CutMix(video, BetaSampler.Symmetric(CutmixAlpha, rng), rng);
            else
                (lambda, blend) = (BetaSampler.Symmetric(MixupAlpha, rng), true);
        }
        if (blend)
            mixed = video.Mul(lambda) + video.flip(0).Mul(1 - lambda);
        var targets = SmoothOneHot(labels, classes, LabelSmoothing);
        var soft = targets.Mul(lambda) + targets.flip(0).Mul(1 - lambda);
        return (mixed.MoveToOuterDisposeScope(), soft.MoveToOuterDisposeScope());
    }

    /// <summary>One-hot labels with <paramref name="smoothing"/> spread over all classes: on = 1 − s + s/C, off = s/C.</summary>
    public static Tensor SmoothOneHot(Tensor labels, int classes, double smoothing)
    {
        var off = smoothing / classes;
        var targets = ScalarArithmetic.Full([labels.shape[0], classes], off, labels.device);
        return targets.scatter_(1, labels.unsqueeze(1), ScalarArithmetic.Full([labels.shape[0], 1], 1 - smoothing + off, labels.device));
    }

    private static (Tensor Video, double Lambda) CutMix(Tensor video, double lambda, Random rng)
    {
        var (h, w) = ((int)video.shape[^2], (int)video.shape[^1]);
        var ratio = Math.Sqrt(1 - lambda);
        var (cutH, cutW) = ((int)(h * ratio), (int)(w * ratio));
        var (cy, cx) = (rng.Next(h), rng.Next(w));
        var (y0, y1) = (Math.Clamp(cy - cutH / 2, 0, h), Math.Clamp(cy + cutH / 2, 0, h));
        var (x0, x1) = (Math.Clamp(cx - cutW / 2, 0, w), Math.Clamp(cx + cutW / 2, 0, w));
        var mixed = video.clone();
        if (y1 > y0 && x1 > x0)
            mixed[.., .., .., y0..y1, x0..x1] = video.flip(0)[.., .., .., y0..y1, x0..x1];
        return (mixed, 1 - (double)(y1 - y0) * (x1 - x0) / (h * w));
    }
}
