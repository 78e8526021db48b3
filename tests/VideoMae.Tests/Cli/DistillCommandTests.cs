using VideoMae.Checkpoints;
using VideoMae.Config;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Tests.Training;
using VideoMae.Training.Runs;
using static TorchSharp.torch;

namespace VideoMae.Tests.Cli;

/// <summary><c>videomae distill</c> trains: the student's loss, read back from the run folder's metrics.csv, falls.</summary>
public class DistillCommandTests
{
    private const int Classes = 12;   // the motion set's

    public DistillCommandTests() => TorchRuntime.EnsureLoaded();

    // A teacher sure of its answers. The fine-tuning initialisation scales the head by 0.001, so its logits would be
    // nearly uniform, which the fresh student already matches: no KL to close. Head weights N(0, 1) over the 64
    // layer-normalised features give logits with a standard deviation near 8: confident, and different between clips.
    private static string ConfidentTinyTeacher()
    {
        var folder = SyntheticSets.NewRunFolder("teacher");
        Directory.CreateDirectory(folder);
        manual_seed(7);
        using var teacher = new VideoClassifier(Presets.Tiny.Encoder, Classes);
        var tensors = new Dictionary<string, Tensor>(teacher.state_dict()) { ["head.weight"] = randn(Classes, Presets.Tiny.Encoder.EmbedDim) };
        var path = Path.Combine(folder, "teacher.safetensors");
        Safetensors.Save(path, tensors);
        return path;
    }

    [Fact]
    public void The_students_loss_halves_over_two_epochs()
    {
        var run = SyntheticSets.NewRunFolder("distill-loss");
        // Augmentation that only adds noise to a short curve is off (mixup, cutmix, drop path); no warm-up and no
        // layer decay, so every step trains the whole student at the scheduled rate (peak 0.2 · 4 / 256 = 3.1e-3).
        var result = CliRunner.Run("distill", "--model", "tiny", "--teacher", ConfidentTinyTeacher(), "--teacher-model", "tiny",
            "--train", $"{Path.Combine(SyntheticSets.Motion, "train.txt")}:2", "--epochs", "2", "--batch", "4", "--lr", "0.2",
            "--warmup-epochs", "0", "--mixup", "0", "--cutmix", "0", "--drop-path", "0", "--layer-decay", "1", "--out", run);
        Assert.True(result.ExitCode == 0, result.Stderr);

        var steps = MetricsLog.Read(Path.Combine(run, "metrics.csv"));
        Assert.Equal(24, steps.Count);   // 48 training videos, 4 per step, 2 epochs
        Assert.All(steps, s => Assert.True(double.IsFinite(s.Loss) && s.Loss >= 0, $"step {s.Step}: loss {s.Loss}"));
        var quarter = steps.Count / 4;
        var (first, last) = (steps.Take(quarter).Average(s => s.Loss), steps.TakeLast(quarter).Average(s => s.Loss));
        // Measured: 1.80 → 0.52 (0.29×). A student that did not learn would stay near 1× give or take the batches' noise.
        Assert.True(last < first / 2, $"mean loss of the last {quarter} steps {last:F4} is not below half the first {quarter} steps' {first:F4}: {string.Join(", ", steps.Select(s => s.Loss.ToString("F3")))}");
    }
}
