using VideoMae.Data.Datasets;
using VideoMae.Runtime;
using VideoMae.Training;
using VideoMae.Training.Runs;
using VideoMae.Training.Settings;
using Xunit.Abstractions;

namespace VideoMae.Tests.Training;

public class PretrainingCurveTests(ITestOutputHelper output)
{
    [Fact]
    public void A_research_preset_pre_trained_on_the_hybrid_set_lowers_its_reconstruction_loss_onto_the_tubelet_mean_floor()
    {
        TorchRuntime.EnsureLoaded();
        var settings = new PretrainSettings
        {
            Model = "research-xs",
            Data = [new VideoSource(Path.Combine(SyntheticSets.Hybrid, "unlabeled.txt"), Stride: 2)],
            Optimizer = OptimizerSettings.Pretraining with { BaseLearningRate = 4e-2, WarmupEpochs = 1 },
            Run = new RunSettings { Epochs = 10, BatchSize = 8, RepeatedSamples = 2, Seed = 0, CheckpointEvery = 0, Workers = 2 },
        };
        var folder = SyntheticSets.NewRunFolder("curve");
        TrainingRuns.Pretrain(settings, folder);
        var steps = MetricsLog.Read(Path.Combine(folder, "metrics.csv"));
        var losses = steps.Select(m => m.Loss).ToArray();
        var (first, last) = (losses.Take(5).Average(), losses.TakeLast(10).Average());
        var floor = steps.TakeLast(10).Average(m => m.BaselineLoss);
        output.WriteLine($"steps {losses.Length}; mean loss of the first 5 steps {first:0.0000}, of the last 10 {last:0.0000}; tubelet means on the last 10 {floor:0.0000}");
        output.WriteLine(string.Join(" ", losses.Select(l => l.ToString("0.000"))));
        Assert.Equal(60, losses.Length);
        // Measured on 2 CPU cores (lossless synthetic-2 set): 1.047 → 0.581, with predicting zero at 0.571 on the same
        // batches. The thresholds leave room for other machines' rounding.
        Assert.True(last < first - 0.3, $"loss fell from {first:0.0000} to {last:0.0000}; expected a drop of more than 0.3");
        // Predicting each tubelet's mean (zero after normalisation) scores the baseline without reconstructing anything.
        // Sixty steps bring the model onto that floor, not below it: what it has learnt is the target's statistics
        // (README, Training). Reaching the floor from a random decoder's 1.05 is the honest claim at this length.
        Assert.True(floor > 0.3 && floor < 0.9, $"predicting tubelet means scores {floor:0.0000} on the hybrid set; expected a non-trivial floor between 0.3 and 0.9");
        Assert.True(last < floor * 1.05, $"final loss {last:0.0000}; expected within 5 % of the {floor:0.0000} of predicting tubelet means");
    }
}
