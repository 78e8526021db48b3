using VideoMae.Data.Datasets;
using VideoMae.Data.Loading;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Training;
using VideoMae.Training.Optimization;
using VideoMae.Training.Runs;
using VideoMae.Training.Settings;
using VideoMae.Training.Tasks;
using VideoMae.Tests.Training.Runs;
using static TorchSharp.torch;

namespace VideoMae.Tests.Training;

public class TrainerTests
{
    private static PretrainSettings Pretraining(int epochs = 2, int checkpointEvery = 0) => new()
    {
        Model = "research-xs",
        Data = [new VideoSource(Path.Combine(SyntheticSets.Hybrid, "unlabeled.txt"), Stride: 2)],
        Optimizer = OptimizerSettings.Pretraining with { BaseLearningRate = 4e-2, WarmupEpochs = 1 },
        Run = new RunSettings { Epochs = epochs, BatchSize = 8, RepeatedSamples = 2, Seed = 3, CheckpointEvery = checkpointEvery, Workers = 2 },
    };

    private sealed class Killed : Exception;

    [Fact]
    public void A_killed_run_resumed_from_its_checkpoint_repeats_the_uninterrupted_loss_curve()
    {
        TorchRuntime.EnsureLoaded();
        var settings = Pretraining(epochs: 2, checkpointEvery: 4);   // 6 steps per epoch, 12 in all
        var whole = SyntheticSets.NewRunFolder("whole");
        TrainingRuns.Pretrain(settings, whole);

        var broken = SyntheticSets.NewRunFolder("killed");
        // Killed abruptly after step 10: no checkpoint is written on the way out, the last one is from step 8.
        Assert.Throws<Killed>(() => TrainingRuns.Pretrain(settings, broken, onStep: r => { if (r.Metrics.Step == 10) throw new Killed(); }));
        Assert.Equal(10, MetricsLog.Read(Path.Combine(broken, "metrics.csv")).Count);
        var resumed = TrainingRuns.Pretrain(settings, broken, resume: true);

        Assert.Equal(12, resumed.Steps);
        var expected = MetricsLog.Read(Path.Combine(whole, "metrics.csv"));
        var actual = MetricsLog.Read(Path.Combine(broken, "metrics.csv"));
        Assert.Equal(expected.Select(m => m.Step), actual.Select(m => m.Step));
        Assert.Equal(expected.Select(m => m.Loss), actual.Select(m => m.Loss));
        Assert.Equal(expected.Select(m => m.LearningRate), actual.Select(m => m.LearningRate));
        Assert.Equal(Checksum(Path.Combine(whole, "model.safetensors")), Checksum(Path.Combine(broken, "model.safetensors")));
    }

    [Fact]
    public void A_folder_that_holds_a_run_is_not_overwritten_without_resume()
    {
        TorchRuntime.EnsureLoaded();
        var folder = SyntheticSets.NewRunFolder("twice");
        var settings = Pretraining() with { Run = Pretraining().Run with { MaxSteps = 1 } };
        TrainingRuns.Pretrain(settings, folder);
        var e = Assert.Throws<ArgumentException>(() => TrainingRuns.Pretrain(settings, folder));
        Assert.Contains("--resume", e.Message);
    }

    [Fact]
    public void A_resume_that_changes_the_run_is_refused_naming_the_keys_and_writes_nothing()
    {
        TorchRuntime.EnsureLoaded();
        var folder = SyntheticSets.NewRunFolder("changed");
        var settings = Pretraining() with { Run = Pretraining().Run with { MaxSteps = 1 } };
        TrainingRuns.Pretrain(settings, folder);
        var files = Directory.GetFiles(folder).ToDictionary(f => f, Checksum);

        var changed = settings with { Run = settings.Run with { BatchSize = 4 }, DecoderRatio = 0.25 };
        var e = Assert.Throws<ArgumentException>(() => TrainingRuns.Pretrain(changed, folder, resume: true));
        Assert.Contains("run.batch_size (8 → 4)", e.Message);
        Assert.Contains("decoder_ratio (0.5 → 0.25)", e.Message);
        Assert.Equal(files, Directory.GetFiles(folder).ToDictionary(f => f, Checksum));

        // Where and how fast it runs may change: the resume goes on and says so.
        var lines = new List<string>();
        var harmless = settings with { Run = settings.Run with { Workers = 1, MaxSteps = 2 } };
        Assert.Equal(2, TrainingRuns.Pretrain(harmless, folder, resume: true, log: lines.Add).Steps);
        Assert.Contains(lines, l => l.Contains("run.workers (2 → 1)"));
    }

    [Fact]
    public void Temporary_files_of_writes_that_never_finished_are_removed_at_start_and_on_resume()
    {
        TorchRuntime.EnsureLoaded();
        var folder = SyntheticSets.NewRunFolder("stale");
        Directory.CreateDirectory(folder);
        // Left by a run killed while writing its checkpoint, and by a notebook stage killed while recording itself.
        File.WriteAllText(Path.Combine(folder, "checkpoint.safetensors.tmp-0123456789abcdef0123456789abcdef"), "torn");
        File.WriteAllText(Path.Combine(folder, "stage.json.tmp"), "torn");
        var settings = Pretraining() with { Run = Pretraining().Run with { MaxSteps = 1 } };
        var lines = new List<string>();
        TrainingRuns.Pretrain(settings, folder, log: lines.Add);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp*"));
        Assert.Contains("removed checkpoint.safetensors.tmp-0123456789abcdef0123456789abcdef, left by a write that never finished", lines);

        File.WriteAllText(Path.Combine(folder, "model.safetensors.tmp-fedcba9876543210fedcba9876543210"), "torn");
        TrainingRuns.Pretrain(settings with { Run = settings.Run with { MaxSteps = 2 } }, folder, resume: true);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp*"));
    }

    [Fact]
    public void A_run_inside_its_callers_lock_of_the_folder_takes_the_lock_again_and_holds_it_for_the_callers_thread_only()
    {
        TorchRuntime.EnsureLoaded();
        var folder = SyntheticSets.NewRunFolder("held");
        var settings = Pretraining() with { Run = Pretraining().Run with { MaxSteps = 1 } };
        using (var held = RunLock.Acquire(folder))   // as a notebook stage holds it
        {
            held.Empty();
            Exception? fromAnotherThread = null;
            TrainingRuns.Pretrain(settings, folder, onStep: _ => fromAnotherThread = OtherThread.Run(() => TrainingRuns.Pretrain(settings, folder, resume: true)));
            Assert.IsType<RunFolderInUseException>(fromAnotherThread);
            Assert.True(File.Exists(Path.Combine(folder, RunLock.OwnerFileName)));   // the trainer's release kept the caller's hold
        }
        Assert.False(File.Exists(Path.Combine(folder, RunLock.OwnerFileName)));
    }

    [Fact]
    public void A_non_finite_loss_stops_with_the_step_and_leaves_the_last_good_checkpoint_untouched()
    {
        TorchRuntime.EnsureLoaded();
        var folder = SyntheticSets.NewRunFolder("nan");
        var settings = Pretraining(epochs: 1, checkpointEvery: 2);
        using var task = new PoisonedTask(new PretrainTask(settings), poisonedStep: 4);   // the 5th step
        string? goodChecksum = null;
        var e = Assert.Throws<NonFiniteLossException>(() => Trainer.Run(task,
            new Trainer.Options(settings.Optimizer, settings.Run, folder, TrainingRuns.ToJson(settings)),
            onStep: r => { if (r.CheckpointWritten is not null) goodChecksum = Checksum(r.CheckpointWritten); }));
        Assert.Equal(5, e.Step);
        Assert.Equal(Path.Combine(folder, "checkpoint.safetensors"), e.LastCheckpoint);
        Assert.Contains("step 5", e.Message);
        Assert.Contains("checkpoint.safetensors", e.Message);
        Assert.Equal(goodChecksum, Checksum(e.LastCheckpoint!));
        using var model = new VideoMae.Models.PretrainModel(settings.ModelConfig);
        using var optimizer = new AdamW(ParameterGroups.DecayAndNoDecay(model, 0.05));
        Assert.Equal(4, TrainingCheckpoint.Load(e.LastCheckpoint!, model, optimizer, "pretrain").Step);
    }

    [Fact]
    public void The_run_folder_records_settings_machine_and_one_metrics_line_per_step()
    {
        TorchRuntime.EnsureLoaded();
        var folder = SyntheticSets.NewRunFolder("files");
        var settings = Pretraining() with { Run = Pretraining().Run with { MaxSteps = 3 } };
        var result = TrainingRuns.Pretrain(settings, folder);
        Assert.True(result.Interrupted);
        var metrics = MetricsLog.Read(Path.Combine(folder, "metrics.csv"));
        Assert.Equal([1, 2, 3], metrics.Select(m => m.Step));
        Assert.All(metrics, m => Assert.True(m.ClipsPerSecond > 0 && m.TokensPerSecond == m.ClipsPerSecond * VideoMae.Config.Presets.ResearchXS.Encoder.Grid.Count && m.MemoryMegabytes > 0));
        Assert.Equal(0.0, metrics[0].LearningRate);   // warm-up starts at 0
        var config = TrainingRuns.ReadConfig<PretrainSettings>(Path.Combine(folder, "config.json"));
        Assert.Equal(settings.Model, config.Model);
        Assert.Equal(settings.Run.Seed, config.Run.Seed);
        Assert.Contains("\"cpu\"", File.ReadAllText(Path.Combine(folder, "machine.json")));
    }

    [Fact]
    public void Bfloat16_compute_keeps_float32_master_weights_and_a_loss_close_to_float32()
    {
        TorchRuntime.EnsureLoaded();
        double FirstLoss(Precision precision)
        {
            var settings = Pretraining() with { Run = Pretraining().Run with { MaxSteps = 1, Precision = precision } };
            var folder = SyntheticSets.NewRunFolder($"precision-{precision}");
            TrainingRuns.Pretrain(settings, folder);
            using var scope = NewDisposeScope();
            Assert.All(VideoMae.Checkpoints.Safetensors.Load(Path.Combine(folder, "model.safetensors")).Values, t => Assert.Equal(ScalarType.Float32, t.dtype));
            return MetricsLog.Read(Path.Combine(folder, "metrics.csv"))[0].Loss;
        }
        var full = FirstLoss(Precision.Float32);
        var half = FirstLoss(Precision.BFloat16);
        Assert.NotEqual(full, half);
        Assert.Equal(full, half, 1);   // bfloat16 keeps about 3 significant digits
    }

    [Fact]
    public void A_batch_larger_than_the_set_is_refused_before_training()
    {
        TorchRuntime.EnsureLoaded();
        var settings = Pretraining() with { Run = Pretraining().Run with { BatchSize = 100 } };
        var e = Assert.Throws<ArgumentException>(() => TrainingRuns.Pretrain(settings, SyntheticSets.NewRunFolder("big")));
        Assert.Contains("48 videos", e.Message);
    }

    private static string Checksum(string path) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>A pre-training task whose loss becomes NaN at one step, as a diverging run's would.</summary>
    private sealed class PoisonedTask(ITrainingTask<PretrainModel> inner, int poisonedStep) : ITrainingTask<PretrainModel>
    {
        public string Kind => inner.Kind;
        public VideoMae.Data.Datasets.VideoDataset TrainSet => inner.TrainSet;
        public ClipRecipe Recipe => inner.Recipe;
        public int TokensPerClip => inner.TokensPerClip;
        public IReadOnlyDictionary<string, string> ModelMetadata => inner.ModelMetadata;
        public PretrainModel BuildModel() => inner.BuildModel();
        public IReadOnlyList<ParameterGroup> ParameterGroups(PretrainModel model) => inner.ParameterGroups(model);
        public void Prepare(Device device, ScalarType compute) => inner.Prepare(device, compute);

        public StepOutput Forward(PretrainModel model, ClipBatch batch, ScalarType compute, int step)
        {
            var output = inner.Forward(model, batch, compute, step);
            return step == poisonedStep ? output with { Loss = output.Loss.Mul(double.NaN) } : output;
        }

        public void Dispose() => inner.Dispose();
    }
}
