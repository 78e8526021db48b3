namespace VideoMae.Training.Settings;

/// <summary>
/// AdamW and its schedule (SPEC §4.1, §5.2). The peak learning rate is <see cref="BaseLearningRate"/> · videos per
/// optimizer step / 256, the reference's rule; the minimum is scaled the same way.
/// </summary>
public sealed record OptimizerSettings
{
    /// <summary>Learning rate per 256 videos.</summary>
    public double BaseLearningRate { get; init; } = 1.5e-4;

    /// <summary>The cosine's end, per 256 videos.</summary>
    public double MinLearningRate { get; init; } = 1e-5;

    /// <summary>Epochs of linear warm-up from 0 (fractions allowed).</summary>
    public double WarmupEpochs { get; init; } = 40;

    /// <summary>Decoupled weight decay of the decaying group.</summary>
    public double WeightDecay { get; init; } = 0.05;

    /// <summary>AdamW β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW β2: 0.95 in pre-training, 0.999 in fine-tuning.</summary>
    public double Beta2 { get; init; } = 0.95;

    /// <summary>AdamW ε.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Maximum global gradient norm; null = no clipping (the norm is still logged). ViT-g pre-training uses 0.02.</summary>
    public double? ClipGrad { get; init; }

    /// <summary>Layer-wise learning-rate decay of fine-tuning (1 = none).</summary>
    public double LayerDecay { get; init; } = 1.0;

    /// <summary>Pre-training defaults of the reference (base 1.5e-4 per 256 clips, β2 0.95, wd 0.05, 40 warm-up epochs).</summary>
    public static OptimizerSettings Pretraining { get; } = new();

    /// <summary>Fine-tuning defaults of the reference (base 1e-3, min 1e-6, 5 warm-up epochs, β2 0.999, layer decay 0.75).</summary>
    public static OptimizerSettings FineTuning { get; } = new()
    {
        BaseLearningRate = 1e-3, MinLearningRate = 1e-6, WarmupEpochs = 5, Beta2 = 0.999, LayerDecay = 0.75,
    };

    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public OptimizerSettings Validate()
    {
        if (!(BaseLearningRate > 0) || double.IsInfinity(BaseLearningRate))
            throw new ArgumentException($"base_learning_rate = {BaseLearningRate}; expected a positive finite value.");
        if (!(MinLearningRate >= 0) || MinLearningRate > BaseLearningRate)
            throw new ArgumentException($"min_learning_rate = {MinLearningRate}; expected a value in [0, base_learning_rate = {BaseLearningRate}].");
        if (!(WarmupEpochs >= 0))
            throw new ArgumentException($"warmup_epochs = {WarmupEpochs}; expected a value ≥ 0.");
        if (!(WeightDecay >= 0))
            throw new ArgumentException($"weight_decay = {WeightDecay}; expected a value ≥ 0.");
        Require.InRange(Beta1, 0, 1, "beta1");
        Require.InRange(Beta2, 0, 1, "beta2");
        if (ClipGrad is { } clip && !(clip > 0))
            throw new ArgumentException($"clip_grad = {clip}; expected a positive maximum norm, or none.");
        if (!(LayerDecay > 0 && LayerDecay <= 1))
            throw new ArgumentException($"layer_decay = {LayerDecay}; expected a value in (0, 1].");
        return this;
    }
}
