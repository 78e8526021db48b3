using VideoMae.Data.Datasets;
using VideoMae.Data.Loading;
using VideoMae.Models;
using VideoMae.Targets;
using VideoMae.Training.Optimization;
using VideoMae.Training.Settings;
using static TorchSharp.torch;

namespace VideoMae.Training.Tasks;

/// <summary>
/// Masked pre-training with dual masking (SPEC §1.5–§1.6, §4): the loader draws an encoder and a decoder mask per
/// clip; the target is built from the float32 clip; the loss is the mean squared error over the chosen tokens. With the
/// normalised target each step also reports the loss of predicting zero (every tubelet's mean), the floor below which
/// a model has to reconstruct structure.
/// </summary>
public sealed class PretrainTask : ITrainingTask<PretrainModel>
{
    private readonly PretrainSettings _settings;
    private readonly Lazy<VideoDataset> _trainSet;

    /// <summary>A task for <paramref name="settings"/> (validated here).</summary>
    public PretrainTask(PretrainSettings settings) : this(settings.Validate(), withData: true) { }

    private PretrainTask(PretrainSettings settings, bool withData)
    {
        _settings = settings;
        _trainSet = new(() => withData
            ? new VideoDataset(settings.Data)
            : throw new InvalidOperationException("this pre-training task trains on given batches (the step benchmark); it has no training set."));
        Recipe = ClipRecipe.Pretraining(settings.ModelConfig.Encoder, settings.Masking, settings.Run.RepeatedSamples, settings.LossTokens);
        if (withData)
            _ = _trainSet.Value;   // read the lists now, so a bad one fails before the model is built
    }

    /// <summary>
    /// A task whose steps are fed batches by the caller, not a loader (<c>videomae bench step</c>): the model, masks,
    /// loss and optimizer settings are validated, the data sources are not read.
    /// </summary>
    public static PretrainTask OnGivenBatches(PretrainSettings settings)
    {
        settings.Masking.Validate(settings.ModelConfig.Validate().Encoder.Grid);
        settings.Optimizer.Validate();
        return new PretrainTask(settings, withData: false);
    }

    /// <inheritdoc/>
    public string Kind => "pretrain";

    /// <inheritdoc/>
    public VideoDataset TrainSet => _trainSet.Value;

    /// <inheritdoc/>
    public ClipRecipe Recipe { get; }

    /// <inheritdoc/>
    public int TokensPerClip => _settings.ModelConfig.Encoder.Grid.Count;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> ModelMetadata => Training.ModelMetadata.For(_settings.ModelConfig.Encoder, _settings.ModelConfig.Decoder);

    /// <inheritdoc/>
    public PretrainModel BuildModel() => new PretrainModel(_settings.ModelConfig, _settings.DropPath);

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups(PretrainModel model) =>
        Optimization.ParameterGroups.DecayAndNoDecay(model, _settings.Optimizer.WeightDecay);

    /// <inheritdoc/>
    public void Prepare(Device device, ScalarType compute) { }

    /// <inheritdoc/>
    public StepOutput Forward(PretrainModel model, ClipBatch batch, ScalarType compute, int step)
    {
        var split = batch.Split ?? throw new InvalidOperationException("a pre-training batch carries a token split; the recipe drew no masks.");
        using var scope = NewDisposeScope();
        var target = ReconstructionTarget.FromPixels(batch.Video, _settings.ModelConfig.Encoder, _settings.NormalizeTarget);   // [B, N, V]
        var prediction = model.call(ImageNetNorm.Normalize(batch.Video).to(compute), split);                                     // [B, n_rec, V]
        var loss = ReconstructionLoss.Compute(prediction, target, split);
        // On raw pixels a tubelet's own mean is not known without seeing it, so only the normalised target has a floor.
        var baseline = _settings.NormalizeTarget
            ? ReconstructionLoss.MeanPredictor(target, split, _settings.ModelConfig.Encoder.InChannels).MoveToOuterDisposeScope()
            : null;
        return new StepOutput(loss.MoveToOuterDisposeScope(), baseline);
    }

    /// <inheritdoc/>
    public void Dispose() { }
}
