using VideoMae.Runtime;
using VideoMae.Training;
using VideoMae.Training.Runs;
using VideoMae.Training.Settings;
using Xunit.Abstractions;

namespace VideoMae.Tests.Training;

public class PretrainingCurveTests(ITestOutputHelper output)
{
    [Fact]
    public void A_research_preset_pre_trained_on_the_hybrid_set_lowers_its_reconstruction_loss_clearly()
    {
        TorchRuntime.EnsureLoaded();
        var settings = new PretrainSettings
        {
            Model = "research-xs",
            Data = [new DataSource(Path.Combine(SyntheticSets.Hybrid, "unlabeled.txt"), Stride: 2)],
            Optimizer = OptimizerSettings.Pretraining with { BaseLearningRate = 4e-2, WarmupEpochs = 1 },
            Run = new RunSettings { Epochs = 10, BatchSize = 8, RepeatedSamples = 2, Seed = 0, CheckpointEvery = 0, Workers = 2 },
        };
        var folder = SyntheticSets.NewRunFolder("curve");
        TrainingRuns.Pretrain(settings, folder);
        var losses = MetricsLog.Read(Path.Combine(folder, "metrics.csv")).Select(m => m.Loss).ToArray();
        var (first, last) = (losses.Take(5).Average(), losses.TakeLast(10).Average());
        output.WriteLine($"steps {losses.Length}; mean loss of the first 5 steps {first:0.0000}, of the last 10 {last:0.0000}");
        output.WriteLine(string.Join(" ", losses.Select(l => l.ToString("0.000"))));
        Assert.Equal(60, losses.Length);
        Assert.True(last < first - 0.1, $"loss fell from {first:0.0000} to {last:0.0000}; expected a drop of more than 0.1");
    }
}
