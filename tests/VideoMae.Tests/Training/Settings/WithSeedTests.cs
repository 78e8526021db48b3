using System.Text.Json.Nodes;
using VideoMae.Training;
using VideoMae.Training.Settings;

namespace VideoMae.Tests.Training.Settings;

public class WithSeedTests
{
    /// <summary>The settings' JSON with run.seed removed: what must not change when only the seed does.</summary>
    private static string WithoutSeed(string json)
    {
        var node = JsonNode.Parse(json)!;
        Assert.True(node["run"]!.AsObject().Remove("seed"), "the settings JSON has no run.seed");
        return node.ToJsonString();
    }

    [Fact]
    public void Pretraining_settings_change_their_seed_only()
    {
        var settings = new PretrainSettings { Model = "research-xs", Run = new RunSettings { Epochs = 3, BatchSize = 4, Seed = 1, CheckpointEvery = 7 } };
        var seeded = settings.WithSeed(5);
        Assert.Equal((5, 1), (seeded.Run.Seed, settings.Run.Seed));
        Assert.Equal(WithoutSeed(TrainingRuns.ToJson(settings)), WithoutSeed(TrainingRuns.ToJson(seeded)));
    }

    [Fact]
    public void Finetuning_settings_change_their_seed_only()
    {
        var settings = new FinetuneSettings { Model = "research-xs", Mixup = 0.2, Run = new RunSettings { Epochs = 2, Seed = 0 } };
        var seeded = settings.WithSeed(2);
        Assert.Equal((2, 0), (seeded.Run.Seed, settings.Run.Seed));
        Assert.Equal(WithoutSeed(TrainingRuns.ToJson(settings)), WithoutSeed(TrainingRuns.ToJson(seeded)));
    }
}
