using System.Text.Json.Nodes;
using VideoMae.Training;
using VideoMae.Training.Settings;

namespace VideoMae.Tests.Training.Settings;

/// <summary>The one-setting variants the notebooks build (another length, another learning rate) and the step count
/// they match budgets with, against hand-computed values.</summary>
public class NotebookVariantsTests
{
    /// <summary>The settings' JSON with the named values removed: what must not change.</summary>
    private static string Without(string json, params string[][] paths)
    {
        var node = JsonNode.Parse(json)!;
        foreach (var path in paths)
            Assert.True(node[path[0]]!.AsObject().Remove(path[1]), $"the settings JSON has no {string.Join('.', path)}");
        return node.ToJsonString();
    }

    [Fact]
    public void Another_length_keeps_the_warmup_share_and_nothing_else_changes()
    {
        var settings = new PretrainSettings
        {
            Model = "research-xs", Optimizer = OptimizerSettings.Pretraining with { WarmupEpochs = 10 },
            Run = new RunSettings { Epochs = 100, BatchSize = 16, RepeatedSamples = 2 },
        };
        var longer = settings.WithEpochs(214);
        Assert.Equal((214, 21.4), (longer.Run.Epochs, longer.Optimizer.WarmupEpochs));
        Assert.Equal((100, 10.0), (settings.Run.Epochs, settings.Optimizer.WarmupEpochs));
        string[][] changed = [["run", "epochs"], ["optimizer", "warmup_epochs"]];
        Assert.Equal(Without(TrainingRuns.ToJson(settings), changed), Without(TrainingRuns.ToJson(longer), changed));
        Assert.Throws<ArgumentException>(() => settings.WithEpochs(0));
    }

    [Fact]
    public void Another_learning_rate_changes_only_the_base_rate()
    {
        var settings = new FinetuneSettings { Model = "research-xs", Optimizer = OptimizerSettings.FineTuning with { BaseLearningRate = 3e-2 } };
        var faster = settings.WithLearningRate(9e-2);
        Assert.Equal((9e-2, 3e-2), (faster.Optimizer.BaseLearningRate, settings.Optimizer.BaseLearningRate));
        string[][] changed = [["optimizer", "base_learning_rate"]];
        Assert.Equal(Without(TrainingRuns.ToJson(settings), changed), Without(TrainingRuns.ToJson(faster), changed));
    }

    [Theory]
    // 768 videos in batches of 16: 48 a epoch, 480 in 10 epochs.
    [InlineData(768, 16, 1, true, 10, 480)]
    // 770 videos: 48 whole batches (the last 2 videos dropped), or 49 when the partial batch is kept.
    [InlineData(770, 16, 1, true, 10, 480)]
    [InlineData(770, 16, 1, false, 10, 490)]
    // Two batches of gradient per step: 24 steps an epoch.
    [InlineData(768, 16, 2, true, 10, 240)]
    // 120 videos for 214 epochs: 7 batches an epoch, 1498 steps (notebook 04's fixed budget of about 1500).
    [InlineData(120, 16, 1, true, 214, 1498)]
    public void Total_steps_are_whole_batches_per_epoch_over_the_accumulation(int videos, int batch, int accumulation, bool dropLast, int epochs, int expected)
    {
        var run = new RunSettings { Epochs = epochs, BatchSize = batch, Accumulation = accumulation, DropLast = dropLast };
        Assert.Equal(expected, run.TotalSteps(videos));
    }
}
