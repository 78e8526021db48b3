using VideoMae.Runtime;
using VideoMae.Training;
using VideoMae.Training.Settings;
using Xunit.Abstractions;

namespace VideoMae.Tests.Training;

/// <summary>
/// The paper's premise at research scale: a pre-trained encoder fine-tunes to a better motion classifier than the same
/// model from random initialisation, judged on held-out videos. Plain backgrounds keep it to minutes on two cores: on
/// the default striped, panning backgrounds neither research-xs run rises clearly above chance in this budget.
/// </summary>
public class PretrainingBenefitTests(ITestOutputHelper output)
{
    private const string Model = "research-xs";

    [Fact]
    public void Fine_tuning_a_pre_trained_research_preset_on_the_motion_set_beats_random_initialisation_on_held_out_videos()
    {
        TorchRuntime.EnsureLoaded();
        var pretraining = new PretrainSettings
        {
            Model = Model,
            Data = [new DataSource(Path.Combine(SyntheticSets.PlainHybrid, "unlabeled.txt"), Stride: 2)],
            Optimizer = OptimizerSettings.Pretraining with { BaseLearningRate = 4e-2, WarmupEpochs = 5 },
            Run = new RunSettings { Epochs = PretrainEpochs, BatchSize = 16, RepeatedSamples = 2, Seed = 0, CheckpointEvery = 0 },
        };
        var pretrained = TrainingRuns.Pretrain(pretraining, SyntheticSets.NewRunFolder("benefit-pretrain"));
        var fromPretrained = FineTune(pretrained.Folder.Model);
        var fromScratch = FineTune(init: null);
        output.WriteLine($"pre-training loss {pretrained.LastLoss:0.000}; val top-1 pre-trained {fromPretrained:P1}, random init {fromScratch:P1} (chance {1.0 / 12:P1})");
        // Margins from measured runs: see the note on Margin.
        Assert.True(fromPretrained >= fromScratch + Margin,
            $"val top-1 from pre-trained {fromPretrained:P1} vs random init {fromScratch:P1}; expected at least {Margin:P0} more");
    }

    private const int PretrainEpochs = 60;
    private const int FinetuneEpochs = 15;
    private const double Margin = 0.15;

    private double FineTune(string? init)
    {
        var motion = SyntheticSets.PlainMotion;
        var settings = new FinetuneSettings
        {
            Model = Model,
            Init = init,
            Train = [new DataSource(Path.Combine(motion, "train.txt"), Stride: 2)],
            Val = Path.Combine(motion, "val.txt"),
            // Direction classes: no flip, no mixing of clips; one centred view covers the whole clip.
            Flip = false, Crop = "centre-crop", Mixup = 0, Cutmix = 0, TestViews = "1x1",
            Optimizer = OptimizerSettings.FineTuning with { BaseLearningRate = 3e-2, WarmupEpochs = 2 },
            Run = new RunSettings { Epochs = FinetuneEpochs, BatchSize = 16, RepeatedSamples = 1, Seed = 0, CheckpointEvery = 0 },
        };
        var result = TrainingRuns.Finetune(settings, SyntheticSets.NewRunFolder(init is null ? "benefit-scratch" : "benefit-pretrained"));
        return result.Evaluation!.Top1;
    }
}
