using System.Text.Json.Serialization;
using VideoMae.Config;
using VideoMae.Data.Augmentation;
using VideoMae.Data.Datasets;
using VideoMae.Data.Sampling;

namespace VideoMae.Training.Settings;

/// <summary>
/// Supervised fine-tuning of a classifier (SPEC §5.2), also used for post-pre-training on a merged labelled set
/// (SPEC §5.1): initial weights, labelled sources, regularisation (drop path, label smoothing, mixup/cutmix) and the
/// optimizer with layer-wise decay. Serialised with the backbone resolved: <c>"model"</c>, then every field of
/// <c>"encoder"</c> (<see cref="ArchitectureFields"/>).
/// </summary>
public sealed record FinetuneSettings
{
    private readonly string _model = "research-s";
    private readonly VitConfig _config = Presets.ResearchS.Encoder;

    /// <summary>
    /// The preset the backbone starts from (its encoder). Setting it resets <see cref="ModelConfig"/> to the preset's
    /// encoder; set <see cref="ModelConfig"/> after it to change fields.
    /// </summary>
    /// <exception cref="ArgumentException">No preset has the name.</exception>
    [JsonIgnore]
    public string Model
    {
        get => _model;
        init => (_config, _model) = (Presets.Get(value).Encoder, value);
    }

    /// <summary>The resolved backbone: the <see cref="Model"/> preset's encoder with the fields a config overrides.</summary>
    [JsonIgnore]
    public VitConfig ModelConfig
    {
        get => _config;
        init => _config = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Initial weights: a pre-training or fine-tuning checkpoint (.safetensors or .pth); null trains from random
    /// initialisation. The pre-training decoder, the encoder's final norm and the mask token are dropped (SPEC §5.2).
    /// </summary>
    public string? Init { get; init; }

    /// <summary>
    /// For an <see cref="Init"/> whose head covers a superset of this task's classes: a JSON array whose entry i is the
    /// initial head's row for class i here (the reference's label_710to400.json). Null: a head of another size starts fresh.
    /// </summary>
    public string? LabelMap { get; init; }

    /// <summary>Labelled training lists; several lists share one label space.</summary>
    public IReadOnlyList<VideoSource> Train { get; init; } = [];

    /// <summary>With several training lists: a JSON object of alias → canonical class name used to merge their label spaces.</summary>
    public string? LabelMerge { get; init; }

    /// <summary>A labelled validation list, evaluated at the end (and after epochs, see <see cref="EvalEveryEpochs"/>).</summary>
    public string? Val { get; init; }

    /// <summary>Classes of the head; null = the classes.txt beside the first training list, or the largest label + 1.</summary>
    public int? Classes { get; init; }

    /// <summary>Stochastic depth rate of the last block (linear from 0).</summary>
    public double DropPath { get; init; } = 0.1;

    /// <summary>Dropout before the head.</summary>
    public double HeadDropout { get; init; }

    /// <summary>Label smoothing of the cross-entropy (folded into the soft labels under mixup).</summary>
    public double LabelSmoothing { get; init; } = 0.1;

    /// <summary>Mixup α (0 disables mixup).</summary>
    public double Mixup { get; init; } = 0.8;

    /// <summary>CutMix α (0 disables cutmix).</summary>
    public double Cutmix { get; init; } = 1.0;

    /// <summary>Probability that a batch is mixed at all.</summary>
    public double MixupProbability { get; init; } = 1.0;

    /// <summary>Probability of cutmix rather than mixup when both are enabled.</summary>
    public double MixupSwitchProbability { get; init; } = 0.5;

    /// <summary>Frame sampling (JSON <c>"sampling"</c>): dense-window (Kinetics-like) or segments (Something-Something-like).</summary>
    [JsonPropertyName("sampling")]
    public TemporalSampling TemporalSampling { get; init; } = TemporalSampling.DenseWindow;

    /// <summary>
    /// Spatial augmentation: random-resized-crop (the reference's, area 8–100 %), multi-scale-crop (pre-training's
    /// milder crops, for small objects in small clips) or centre-crop (none); <see cref="Flip"/> says whether a
    /// random-resized crop flips.
    /// </summary>
    public SpatialAugmentation Crop { get; init; } = SpatialAugmentation.RandomResizedCrop;

    /// <summary>Horizontal flip in augmentation (off for classes that depend on direction).</summary>
    public bool Flip { get; init; } = true;

    /// <summary>
    /// RandAugment of the training clips (JSON <c>"rand_augment"</c>, CLI <c>--aa</c>): timm's config string, by default
    /// the official scripts' <c>rand-m7-n4-mstd0.5-inc1</c>; <c>none</c> turns it off.
    /// </summary>
    public RandAugmentPolicy RandAugment { get; init; } = RandAugmentPolicy.Reference;

    /// <summary>
    /// The ops RandAugment draws from (JSON <c>"rand_augment_ops"</c>, a list of names; CLI <c>--aa-ops</c>); null for
    /// all fifteen. <see cref="Data.Augmentation.RandAugmentOps.DirectionSafe"/> leaves out the ops that can turn a
    /// motion's direction.
    /// </summary>
    public IReadOnlyList<RandAugmentOp>? RandAugmentOps { get; init; }

    /// <summary>
    /// Probability of random erasing per training clip (JSON <c>"random_erasing"</c>, CLI <c>--reprob</c>): one box, the same on every frame, filled
    /// with per-pixel normal noise; the official default 0.25, 0 turns it off.
    /// </summary>
    public double RandomErasing { get; init; } = 0.25;

    /// <summary>Test views for evaluation, "clips×crops" (e.g. "5x3"; "1x1" is one centred view).</summary>
    public string TestViews { get; init; } = "2x3";

    /// <summary>Evaluate on <see cref="Val"/> every this many epochs (0 = only at the end).</summary>
    public int EvalEveryEpochs { get; init; }

    /// <summary>AdamW, schedule and layer decay.</summary>
    public OptimizerSettings Optimizer { get; init; } = OptimizerSettings.FineTuning;

    /// <summary>Length, batch, device, checkpoints.</summary>
    public RunSettings Run { get; init; } = new() { RepeatedSamples = 2 };

    /// <summary>The spatial augmentation of <see cref="Crop"/> and <see cref="Flip"/>.</summary>
    [JsonIgnore]
    public SpatialAugmentation SpatialAugmentation =>
        Crop == SpatialAugmentation.RandomResizedCrop && !Flip ? SpatialAugmentation.RandomResizedCropNoFlip : Crop;

    /// <summary>These settings with the run's seed (shuffle, sampling, augmentation, masks, initialisation) replaced: one
    /// seed of a configuration run over several. F# cannot copy a C# record with <c>with</c>, so notebooks use this.</summary>
    public FinetuneSettings WithSeed(int seed) => this with { Run = Run with { Seed = seed } };

    /// <summary>These settings with another base learning rate per 256 videos (a learning-rate sweep in a notebook, as
    /// <see cref="WithSeed"/>).</summary>
    public FinetuneSettings WithLearningRate(double baseLearningRate) =>
        this with { Optimizer = Optimizer with { BaseLearningRate = baseLearningRate } };

    /// <summary>Throws ArgumentException naming the first unusable value.</summary>
    public FinetuneSettings Validate()
    {
        ModelConfig.Validate();
        _ = SettingNames.Sampling.Name(TemporalSampling);
        _ = SettingNames.Crop.Name(Crop);
        if (Train.Count == 0)
            throw new ArgumentException("train is empty; expected at least one labelled list file (--train LIST).");
        if (Classes is { } classes)
            Require.Positive(classes, "classes");
        Require.InRange(DropPath, 0, 1, "drop_path");
        Require.InRange(HeadDropout, 0, 1, "head_dropout");
        Require.InRange(LabelSmoothing, 0, 1, "label_smoothing");
        Require.InRange(MixupProbability, 0, 1, "mixup_probability", maxInclusive: true);
        Require.InRange(MixupSwitchProbability, 0, 1, "mixup_switch_probability", maxInclusive: true);
        (RandAugment ?? throw new ArgumentException("rand_augment is null; expected a RandAugment string such as rand-m7-n4-mstd0.5-inc1, or none.")).Validate();
        if (RandAugmentOps is { } ops)
            Data.Augmentation.RandAugmentOps.Validate(ops);
        Require.InRange(RandomErasing, 0, 1, "random_erasing", maxInclusive: true);
        if (!(Mixup >= 0) || !(Cutmix >= 0))
            throw new ArgumentException($"mixup = {Mixup}, cutmix = {Cutmix}; expected α values ≥ 0 (0 disables).");
        if (EvalEveryEpochs < 0)
            throw new ArgumentException($"eval_every_epochs = {EvalEveryEpochs}; expected 0 or a positive count.");
        Optimizer.Validate();
        Run.Validate();
        return this;
    }
}
