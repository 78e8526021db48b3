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
public sealed class PretrainTask : ITrainingTask
{
    private readonly PretrainSettings _settings;

    /// <summary>A task for <paramref name="settings"/> (validated here).</summary>
    public PretrainTask(PretrainSettings settings)
    {
        _settings = settings.Validate();
        TrainSet = new VideoDataset(settings.Data);
        Recipe = ClipRecipe.Pretraining(settings.ModelConfig.Encoder, settings.Masking, settings.Run.RepeatedSamples);
    }

    /// <inheritdoc/>
    public string Kind => "pretrain";

    /// <inheritdoc/>
    public VideoDataset TrainSet { get; }

    /// <inheritdoc/>
    public ClipRecipe Recipe { get; }

    /// <inheritdoc/>
    public int TokensPerClip => _settings.ModelConfig.Encoder.Grid.Count;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> ModelMetadata => Training.ModelMetadata.For(_settings.ModelConfig.Encoder, _settings.ModelConfig.Decoder);

    /// <inheritdoc/>
    public nn.Module BuildModel() => new PretrainModel(_settings.ModelConfig, _settings.DropPath);

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups(nn.Module model) =>
        Optimization.ParameterGroups.DecayAndNoDecay(model, _settings.Optimizer.WeightDecay);

    /// <inheritdoc/>
    public void Prepare(Device device, ScalarType compute) { }

    /// <inheritdoc/>
    public StepOutput Forward(nn.Module model, ClipBatch batch, ScalarType compute, int step)
    {
        var encoderHidden = batch.EncoderHidden ?? throw new InvalidOperationException("a pre-training batch carries masks; the recipe drew none.");
        var decoderHidden = batch.DecoderHidden!;
        using var scope = NewDisposeScope();
        var target = ReconstructionTarget.Build(batch.Video, _settings.ModelConfig.Encoder, _settings.NormalizeTarget);
        var prediction = ((PretrainModel)model).call(batch.Video.to(compute), encoderHidden, decoderHidden);
        var loss = ReconstructionLoss.Compute(prediction, target, encoderHidden, decoderHidden, _settings.LossTokens);
        // On raw pixels a tubelet's own mean is not known without seeing it, so only the normalised target has a floor.
        var baseline = _settings.NormalizeTarget
            ? ReconstructionLoss.MeanPredictor(target, encoderHidden, decoderHidden, _settings.ModelConfig.Encoder.InChannels, _settings.LossTokens).MoveToOuterDisposeScope()
            : null;
        return new StepOutput(loss.MoveToOuterDisposeScope(), baseline);
    }

    /// <inheritdoc/>
    public void Dispose() { }
}
