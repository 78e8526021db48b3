using VideoMae.Data.Datasets;
using System.Globalization;
using VideoMae.Runtime;
using VideoMae.Training;
using VideoMae.Training.Settings;

namespace VideoMae.Tests.Training;

public class PeriodicValidationTests
{
    private static FinetuneSettings Settings(int evalEvery, int? maxSteps = null) => new()
    {
        Model = "tiny",
        Train = [new VideoSource(Path.Combine(SyntheticSets.Motion, "train.txt"), Stride: 4)],
        Val = Path.Combine(SyntheticSets.Motion, "val.txt"),
        Mixup = 0, Cutmix = 0, TestViews = "1x1", EvalEveryEpochs = evalEvery,
        Optimizer = OptimizerSettings.FineTuning with { BaseLearningRate = 5e-2, WarmupEpochs = 1 },
        Run = new RunSettings { Epochs = 3, BatchSize = 8, RepeatedSamples = 1, Seed = 4, CheckpointEvery = 0, Workers = 2, MaxSteps = maxSteps },
    };

    [Fact]
    public void Validation_after_an_epoch_scores_the_weights_of_that_epoch_and_leaves_the_last_epoch_to_the_final_evaluation()
    {
        TorchRuntime.EnsureLoaded();
        var run = TrainingRuns.Finetune(Settings(evalEvery: 1), SyntheticSets.NewRunFolder("periodic"));
        var rows = File.ReadAllLines(run.Folder.EpochEvaluations);
        Assert.Equal("epoch,top1,top5,videos", rows[0]);
        Assert.Equal(["1", "2"], rows.Skip(1).Select(r => r.Split(',')[0]));
        Assert.True(File.Exists(run.Folder.Evaluation));

        // The same run stopped after one epoch by max_steps (the schedule still spans three) holds the weights validated
        // after epoch 1, and a run cut short that way is evaluated at its end.
        var stepsPerEpoch = run.TotalSteps / 3;
        var oneEpoch = TrainingRuns.Finetune(Settings(evalEvery: 0, maxSteps: stepsPerEpoch), SyntheticSets.NewRunFolder("periodic-1"));
        Assert.True(oneEpoch.Interrupted);
        var expected = oneEpoch.Evaluation!;
        var epoch1 = rows[1].Split(',');
        Assert.Equal(expected.Top1, double.Parse(epoch1[1], CultureInfo.InvariantCulture), 12);
        Assert.Equal(expected.Top5, double.Parse(epoch1[2], CultureInfo.InvariantCulture), 12);
        Assert.Equal(expected.Videos, int.Parse(epoch1[3], CultureInfo.InvariantCulture));
    }
}
