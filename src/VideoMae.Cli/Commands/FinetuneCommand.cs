using System.CommandLine;
using VideoMae.Data.Augmentation;
using VideoMae.Training;
using VideoMae.Training.Settings;

namespace VideoMae.Cli.Commands;

/// <summary>
/// <c>videomae finetune</c> and <c>videomae distill</c>: supervised training of a classifier (SPEC §5), post-pre-training on
/// a merged labelled set included, and logit distillation from a frozen teacher (SPEC §6).
/// </summary>
internal static class FinetuneCommand
{
    /// <summary>The options of the student/classifier, shared by finetune and distill.</summary>
    private sealed class ClassifierOptions
    {
        public ArchitectureOptions Architecture { get; } = new(withDecoder: false);
        public Option<string?> Init { get; } = new("--init") { Description = "Initial weights: a pre-training or fine-tuning checkpoint (.safetensors, .pth); default: random." };
        public Option<string?> LabelMap { get; } = new("--label-map") { Description = "JSON array: entry i = the --init head's row for class i here (e.g. label_710to400.json)." };
        public Option<string[]> Train { get; } = new("--train") { Description = "Labelled list file(s), LIST or LIST:STRIDE; several lists merge their classes.txt by name.", AllowMultipleArgumentsPerToken = true };
        public Option<string?> LabelMerge { get; } = new("--label-merge") { Description = "With several --train lists: JSON alias → canonical class names." };
        public Option<string?> Val { get; } = new("--val") { Description = "Labelled validation list, evaluated at the end with --test-views." };
        public Option<int> Classes { get; } = new("--classes") { Description = "Classes of the head (default: classes.txt beside the first list)." };
        public Option<double> DropPath { get; } = new("--drop-path") { Description = "Stochastic depth of the last block.", DefaultValueFactory = _ => 0.1 };
        public Option<double> Smoothing { get; } = new("--smoothing") { Description = "Label smoothing.", DefaultValueFactory = _ => 0.1 };
        public Option<double> Mixup { get; } = new("--mixup") { Description = "Mixup α (0: off).", DefaultValueFactory = _ => 0.8 };
        public Option<double> Cutmix { get; } = new("--cutmix") { Description = "CutMix α (0: off).", DefaultValueFactory = _ => 1.0 };
        public Option<double> LayerDecay { get; } = new("--layer-decay") { Description = "Layer-wise learning-rate decay (1: off).", DefaultValueFactory = _ => 0.75 };
        public Option<string> Sampling { get; } = new("--sampling") { Description = "Frame sampling: dense-window (Kinetics-like) or segments (Something-Something-like).", DefaultValueFactory = _ => "dense-window" };
        public Option<bool> NoFlip { get; } = new("--no-flip") { Description = "No horizontal flip (classes that depend on direction)." };
        public Option<string> Crop { get; } = new("--crop") { Description = "Spatial augmentation: random-resized-crop (reference), multi-scale-crop or centre-crop.", DefaultValueFactory = _ => "random-resized-crop" };
        public Option<string> Aa { get; } = new("--aa") { Description = "RandAugment: timm's config string rand-m<M>-n<N>-mstd<S>-inc<0|1>, or none.", DefaultValueFactory = _ => RandAugmentPolicy.Reference.ToString() };
        public Option<string> AaOps { get; } = new("--aa-ops") { Description = "Ops RandAugment draws from: all, direction-safe (no rotate/shear), or names separated by commas.", DefaultValueFactory = _ => "all" };
        public Option<double> Reprob { get; } = new("--reprob") { Description = "Random erasing probability per clip (0: off).", DefaultValueFactory = _ => 0.25 };
        public Option<string> TestViews { get; } = new("--test-views") { Description = "Evaluation views, clips×crops (e.g. 5x3).", DefaultValueFactory = _ => "2x3" };
        public Option<int> EvalEvery { get; } = new("--eval-every") { Description = "Also evaluate --val every this many epochs into eval-epochs.csv (0: only at the end).", DefaultValueFactory = _ => 0 };

        public void AddTo(Command command)
        {
            Sampling.AcceptOnlyFromAmong("dense-window", "segments");
            Crop.AcceptOnlyFromAmong("random-resized-crop", "multi-scale-crop", "centre-crop");
            Architecture.AddTo(command);
            foreach (var option in new Option[] { Init, LabelMap, Train, LabelMerge, Val, Classes, DropPath, Smoothing, Mixup, Cutmix, LayerDecay, Sampling, NoFlip, Crop, Aa, AaOps, Reprob, TestViews, EvalEvery })
                command.Options.Add(option);
        }

        /// <summary><paramref name="config"/> (read with <see cref="Architecture"/> applied) with every other flag that was given, or every flag's default without a config file.</summary>
        public FinetuneSettings Read(ParseResult parse, FinetuneSettings config, TrainingOptions training, bool fromConfig)
        {
            bool Given(Option o) => TrainingOptions.Given(parse, o);
            return config with
            {
                Init = Given(Init) ? parse.GetValue(Init) : config.Init,
                LabelMap = Given(LabelMap) ? parse.GetValue(LabelMap) : config.LabelMap,
                Train = training.Sources(parse, Train, config.Train),
                LabelMerge = Given(LabelMerge) ? parse.GetValue(LabelMerge) : config.LabelMerge,
                Val = Given(Val) ? parse.GetValue(Val) : config.Val,
                Classes = Given(Classes) ? parse.GetValue(Classes) : config.Classes,
                DropPath = Given(DropPath) || !fromConfig ? parse.GetValue(DropPath) : config.DropPath,
                LabelSmoothing = Given(Smoothing) || !fromConfig ? parse.GetValue(Smoothing) : config.LabelSmoothing,
                Mixup = Given(Mixup) || !fromConfig ? parse.GetValue(Mixup) : config.Mixup,
                Cutmix = Given(Cutmix) || !fromConfig ? parse.GetValue(Cutmix) : config.Cutmix,
                TemporalSampling = Given(Sampling) || !fromConfig ? SettingNames.Sampling.Parse(parse.GetValue(Sampling)!) : config.TemporalSampling,
                Flip = Given(NoFlip) ? !parse.GetValue(NoFlip) : config.Flip,
                Crop = Given(Crop) || !fromConfig ? SettingNames.Crop.Parse(parse.GetValue(Crop)!) : config.Crop,
                RandAugment = Given(Aa) || !fromConfig ? RandAugmentPolicy.Parse(parse.GetValue(Aa)!) : config.RandAugment,
                RandAugmentOps = Given(AaOps) || !fromConfig ? VideoMae.Data.Augmentation.RandAugmentOps.Parse(parse.GetValue(AaOps)!) : config.RandAugmentOps,
                RandomErasing = Given(Reprob) || !fromConfig ? parse.GetValue(Reprob) : config.RandomErasing,
                TestViews = Given(TestViews) || !fromConfig ? parse.GetValue(TestViews)! : config.TestViews,
                EvalEveryEpochs = Given(EvalEvery) || !fromConfig ? parse.GetValue(EvalEvery) : config.EvalEveryEpochs,
                Optimizer = training.Optimizer(parse, config.Optimizer) with
                {
                    LayerDecay = Given(LayerDecay) || !fromConfig ? parse.GetValue(LayerDecay) : config.Optimizer.LayerDecay,
                },
                Run = training.Run(parse, config.Run),
            };
        }
    }

    public static Command Finetune()
    {
        var training = new TrainingOptions();
        var classifier = new ClassifierOptions();
        var command = new Command("finetune", "Fine-tune (or post-pre-train) a classifier from a pre-trained encoder; evaluates --val at the end.");
        classifier.AddTo(command);
        training.AddTo(command);
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var (json, source) = training.ConfigObject(parse);
            classifier.Architecture.Apply(parse, json);
            var config = SettingsJson.Read<FinetuneSettings>(json, source);
            var settings = classifier.Read(parse, config, training, parse.GetValue(training.Config) is not null);
            var outDir = parse.GetValue(training.Out)!;
            var result = TrainingConsole.Run("finetune", (onStep, log, token) => TrainingRuns.Finetune(settings, outDir, parse.GetValue(training.Resume), onStep, log, token));
            TrainingReport.Print(result, EvaluationReport.AfterTraining(result, settings));
            return 0;
        }));
        return command;
    }

    public static Command Distill()
    {
        var training = new TrainingOptions();
        var classifier = new ClassifierOptions();
        var teacher = new Option<string?>("--teacher") { Description = "The fine-tuned teacher classifier checkpoint." };
        var teacherModel = new Option<string>("--teacher-model") { Description = "The teacher's preset (a config's \"teacher_encoder\" fields override it).", DefaultValueFactory = _ => "research-b" };
        teacherModel.AcceptOnlyFromAmong([.. VideoMae.Config.Presets.ByName.Keys]);
        var temperature = new Option<double>("--temperature") { Description = "Softmax temperature T of the KL term.", DefaultValueFactory = _ => 1.0 };
        var alpha = new Option<double>("--alpha") { Description = "Weight of the distillation term; 1 − α weights the label loss.", DefaultValueFactory = _ => 1.0 };
        var command = new Command("distill", "Distil a student classifier from a frozen, fine-tuned teacher (logit KL at temperature T, optionally mixed with the label loss).")
            { teacher, teacherModel, temperature, alpha };
        classifier.AddTo(command);
        training.AddTo(command);
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var configPath = parse.GetValue(training.Config);
            var (json, source) = training.ConfigObject(parse);
            if (json["student"] is not System.Text.Json.Nodes.JsonObject student)
                json["student"] = student = [];
            classifier.Architecture.Apply(parse, student);
            if (TrainingOptions.Given(parse, teacherModel))
                json["teacher_model"] = parse.GetValue(teacherModel);
            var config = SettingsJson.Read<DistillSettings>(json, source);
            bool Given(Option o) => TrainingOptions.Given(parse, o) || configPath is null;
            var settings = config with
            {
                Student = classifier.Read(parse, config.Student, training, configPath is not null),
                Teacher = TrainingOptions.Given(parse, teacher) ? parse.GetValue(teacher)! : config.Teacher,
                Temperature = Given(temperature) ? parse.GetValue(temperature) : config.Temperature,
                Alpha = Given(alpha) ? parse.GetValue(alpha) : config.Alpha,
            };
            var outDir = parse.GetValue(training.Out)!;
            var result = TrainingConsole.Run("distill", (onStep, log, token) => TrainingRuns.Distill(settings, outDir, parse.GetValue(training.Resume), onStep, log, token));
            TrainingReport.Print(result, EvaluationReport.AfterTraining(result, settings.Student));
            return 0;
        }));
        return command;
    }
}
