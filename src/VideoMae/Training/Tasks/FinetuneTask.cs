using VideoMae.Data.Augmentation;
using VideoMae.Data.Datasets;
using VideoMae.Data.Loading;
using VideoMae.Models;
using VideoMae.Targets;
using VideoMae.Training.Optimization;
using VideoMae.Training.Regularisation;
using VideoMae.Training.Runs;
using VideoMae.Training.Settings;
using static TorchSharp.torch;

namespace VideoMae.Training.Tasks;

/// <summary>
/// Supervised fine-tuning (SPEC §5.2): a mean-pooled classifier initialised from a checkpoint's encoder (or at random),
/// RandAugment and random erasing in the loader, layer-wise learning-rate decay, drop path, mixup/CutMix and label smoothing (one soft-target cross-entropy covers
/// both: without mixing it equals label-smoothed cross-entropy). Post-pre-training is this task on a merged label space.
/// </summary>
public sealed class FinetuneTask : ITrainingTask<VideoClassifier>
{
    private readonly FinetuneSettings _settings;
    private readonly Action<string> _log;
    private readonly Mixup _mixup;
    private readonly PeriodicValidation _validation;

    /// <summary>A task for <paramref name="settings"/> (validated here); <paramref name="log"/> receives what initialisation loaded.</summary>
    public FinetuneTask(FinetuneSettings settings, Action<string>? log = null)
    {
        _settings = settings.Validate();
        _log = log ?? (_ => { });
        TrainSet = LabelledSets.Train(settings.Train, settings.LabelMerge);
        Classes = settings.Classes ?? LabelledSets.ClassCount(TrainSet);
        var outside = TrainSet.Items.FirstOrDefault(i => i.Label >= Classes || i.Label < 0);
        if (outside is not null)
            throw new InvalidDataException($"{outside.Path} has label {outside.Label}; expected a label in [0, {Classes}) for a {Classes}-class head.");
        Recipe = ClipRecipe.FineTuning(settings.ModelConfig, settings.TemporalSampling, settings.SpatialAugmentation, settings.Run.RepeatedSamples,
            RandAugment.For(settings.RandAugment, settings.RandAugmentOps), settings.RandomErasing);
        _mixup = new Mixup(settings.Mixup, settings.Cutmix, settings.MixupProbability, settings.MixupSwitchProbability, settings.LabelSmoothing);
        _validation = new PeriodicValidation(settings, TrainSet);
    }

    /// <summary>Classes of the head.</summary>
    public int Classes { get; }

    /// <summary>The settings.</summary>
    public FinetuneSettings Settings => _settings;

    /// <inheritdoc/>
    public string Kind => "finetune";

    /// <inheritdoc/>
    public VideoDataset TrainSet { get; }

    /// <inheritdoc/>
    public ClipRecipe Recipe { get; }

    /// <inheritdoc/>
    public int TokensPerClip => _settings.ModelConfig.Grid.Count;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> ModelMetadata => Training.ModelMetadata.For(_settings.ModelConfig);

    /// <inheritdoc/>
    public VideoClassifier BuildModel()
    {
        var model = new VideoClassifier(_settings.ModelConfig, Classes, _settings.DropPath, _settings.HeadDropout);
        if (_settings.Init is { } init)
        {
            var map = _settings.LabelMap is { } mapPath ? ClassifierInitialisation.ReadLabelMap(mapPath) : null;
            _log($"init: {ClassifierInitialisation.Load(model, init, map).Describe()}");
        }
        return model;
    }

    /// <inheritdoc/>
    public IReadOnlyList<ParameterGroup> ParameterGroups(VideoClassifier model) =>
        Optimization.ParameterGroups.LayerDecay(model, _settings.ModelConfig.Depth, _settings.Optimizer.LayerDecay, _settings.Optimizer.WeightDecay);

    /// <inheritdoc/>
    public void Prepare(Device device, ScalarType compute) { }

    /// <inheritdoc/>
    public StepOutput Forward(VideoClassifier model, ClipBatch batch, ScalarType compute, int step)
    {
        using var scope = NewDisposeScope();
        var (video, targets) = Mix(batch, step);
        var logits = model.call(video.to(compute)).to(ScalarType.Float32);
        var loss = SoftTargetCrossEntropy.Compute(logits, targets);
        return new StepOutput(loss.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The ImageNet-normalised batch after mixup/CutMix, with its soft targets; the randomness depends only on (seed,
    /// step, first video).
    /// </summary>
    internal (Tensor Video, Tensor Targets) Mix(ClipBatch batch, int step) =>
        _mixup.Apply(ImageNetNorm.Normalize(batch.Video), batch.Labels, Classes, new Random(Seeds.Mix(_settings.Run.Seed, step, batch.Videos[0])));

    /// <inheritdoc/>
    public void EpochEnded(VideoClassifier model, int epochs, RunFolder folder, Device device, Action<string> log) =>
        _validation.After(model, epochs, folder, device, log);

    /// <inheritdoc/>
    public void Dispose() { }
}
