using System.Security.Cryptography;
using VideoMae.Runtime;
using VideoMae.Tests.Training;
using VideoMae.Tests.Training.Runs;
using VideoMae.Training.Runs;

namespace VideoMae.Tests.Cli;

/// <summary>
/// What a training command does with its run folder besides training (issue 24): one writer, refusals before anything
/// is written (one line, exit 2), SIGTERM and SIGHUP handled as Ctrl+C, and the skipped samples reported.
/// </summary>
public class RunFolderCommandsTests
{
    private static readonly TimeSpan Minutes = TimeSpan.FromMinutes(3);

    private static string Unlabeled => $"{Path.Combine(SyntheticSets.Hybrid, "unlabeled.txt")}:2";

    // The smallest pre-training: 48 videos, 24 steps per epoch at batch 2.
    private static string[] Tiny(string folder, params string[] more) =>
        ["pretrain", "--model", "tiny", "--data", Unlabeled, "--batch", "2", "--out", folder, .. more];

    /// <summary>
    /// Every file under the folder with its SHA-256 (the lock file, which no other process can open while it is held,
    /// with its length): equal before and after means nothing changed.
    /// </summary>
    private static Dictionary<string, string> Snapshot(string folder) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => Path.GetFileName(f) == RunLock.FileName
            ? $"{new FileInfo(f).Length} bytes"
            : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))
        : [];

    private static void AssertOneLineExit2(CliRunner.Result result)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.StartsWith("videomae: ", result.Stderr);
    }

    [Fact]
    public void A_run_into_a_folder_another_process_has_locked_exits_2_naming_the_folder_and_changes_nothing()
    {
        var folder = SyntheticSets.NewRunFolder("locked");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "kept");
        using var other = new FlockHolder(Path.Combine(folder, RunLock.FileName));
        var before = Snapshot(folder);

        var result = CliRunner.Run(Tiny(folder, "--max-steps", "1"));

        AssertOneLineExit2(result);
        Assert.Contains($"{Path.GetFullPath(folder)} is in use by another run", result.Stderr);
        Assert.Equal(before, Snapshot(folder));
    }

    [Fact]
    public void SIGTERM_stops_after_the_step_with_a_checkpoint_a_second_run_meanwhile_is_refused_naming_the_process_and_resume_continues()
    {
        var folder = SyntheticSets.NewRunFolder("sigterm");
        using var run = new CliProcess(Tiny(folder, "--epochs", "3", "--checkpoint-every", "1000"));
        run.WaitFor(l => l.Contains("step 1/72"), Minutes);

        var second = CliRunner.Run(Tiny(folder, "--epochs", "3"));
        AssertOneLineExit2(second);
        Assert.Contains($"{Path.GetFullPath(folder)} is in use by another run (pid {run.Id} on {Environment.MachineName} since ", second.Stderr);

        var steps = StopWith(run, "TERM", folder);

        var resumed = CliRunner.Run(Tiny(folder, "--epochs", "3", "--resume", "--max-steps", $"{steps + 2}"));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains($"at step {steps} of 72", resumed.Stderr);
        Assert.Contains($"steps       {steps + 2}/72 (stopped early", resumed.Stdout);
        Assert.Equal(Enumerable.Range(1, steps + 2), MetricsLog.Read(new RunFolder(folder).Metrics).Select(m => m.Step));
    }

    [Fact]
    public void SIGHUP_stops_after_the_step_with_a_checkpoint_too()
    {
        // Under nohup SIGHUP is ignored, and children inherit that: a run then rightly ignores it, so nothing to test.
        if (File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is var ignored
            && (Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16) & 1) != 0)
            return;
        var folder = SyntheticSets.NewRunFolder("sighup");
        using var run = new CliProcess(Tiny(folder, "--epochs", "3", "--checkpoint-every", "1000"));
        run.WaitFor(l => l.Contains("step 1/72"), Minutes);
        StopWith(run, "HUP", folder);
    }

    // Signals the run, and checks it ended as Ctrl+C ends one: exit 0, a checkpoint of its last step. Returns that step.
    private static int StopWith(CliProcess run, string signal, string folder)
    {
        run.Signal(signal);
        var stopped = run.WaitForExit(Minutes);
        Assert.True(stopped.ExitCode == 0, stopped.Stderr);
        Assert.Contains($"SIG{signal}: stopping after the current step", stopped.Stderr);
        Assert.Contains("(stopped early; --resume continues)", stopped.Stdout);
        var files = new RunFolder(folder);
        var steps = MetricsLog.Read(files.Metrics).Count;
        Assert.InRange(steps, 1, 71);
        Assert.Equal($"{steps}", VideoMae.Checkpoints.Safetensors.LoadMetadata(files.Checkpoint)["step"]);
        Assert.False(File.Exists(Path.Combine(folder, RunLock.OwnerFileName)));
        return steps;
    }

    [Fact]
    public void A_resume_with_another_architecture_exits_2_naming_the_keys_and_changes_nothing()
    {
        var folder = SyntheticSets.NewRunFolder("architecture-resume");
        var first = CliRunner.Run("pretrain", "--model", "research-xs", "--data", Unlabeled, "--batch", "8", "--max-steps", "1", "--out", folder);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var before = Snapshot(folder);

        var otherModel = CliRunner.Run("pretrain", "--model", "tiny", "--data", Unlabeled, "--batch", "8", "--resume", "--out", folder);
        AssertOneLineExit2(otherModel);
        Assert.Contains("resume: the settings differ from the checkpoint's in model (research-xs → tiny), encoder.", otherModel.Stderr);

        var deeper = CliRunner.Run("pretrain", "--model", "research-xs", "--depth", "4", "--data", Unlabeled, "--batch", "8", "--resume", "--out", folder);
        AssertOneLineExit2(deeper);
        Assert.Contains("differ from the checkpoint's in encoder.depth (3 → 4);", deeper.Stderr);
        Assert.Equal(before, Snapshot(folder));
    }

    public static TheoryData<string, string[], string> BadSettings => new()
    {
        { "cuda", ["--device", "cuda"], "CUDA is not available" },
        { "broken-json", ["--config", "{ \"model\": "], "not valid JSON" },
        { "unknown-key", ["--config", "{ \"modle\": \"tiny\" }"], "unknown key 'modle'" },
        { "wrong-type", ["--config", "{ \"run\": { \"epochs\": \"ten\" } }"], "run.epochs" },
        { "missing-config", ["--config", ""], "no such config file" },
        { "resume-missing-folder", ["--resume"], "does not exist, so there is no run to continue" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_settings_error_exits_2_in_one_line_and_leaves_no_folder(string name, string[] flags, string expected)
    {
        if (name == "cuda" && TorchRuntime.CudaAvailable)
            return;   // only a machine without CUDA can refuse it
        var folder = SyntheticSets.NewRunFolder($"bad-{name}");
        if (flags[0] == "--config")
        {
            var config = Path.Combine(Path.GetDirectoryName(folder)!, $"{name}-{Guid.NewGuid():N}.json");
            if (flags[1].Length > 0)
                File.WriteAllText(config, flags[1]);
            flags = ["--config", config];
        }
        var result = CliRunner.Run(Tiny(folder, flags));
        AssertOneLineExit2(result);
        Assert.Contains(expected, result.Stderr);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void An_out_that_is_a_file_exits_2_in_one_line()
    {
        var file = SyntheticSets.NewRunFolder("a-file");
        File.WriteAllText(file, "not a folder");
        var result = CliRunner.Run(Tiny(file));
        AssertOneLineExit2(result);
        Assert.Contains($"--out {file} is a file; expected a run folder", result.Stderr);
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void A_folder_whose_run_stopped_before_its_first_checkpoint_is_neither_overwritten_nor_resumed_and_an_empty_one_not_resumed()
    {
        var folder = SyntheticSets.NewRunFolder("no-checkpoint");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), "{}");
        File.WriteAllText(Path.Combine(folder, "metrics.csv"), MetricsLog.Header + "\n");
        var before = Snapshot(folder);

        var fresh = CliRunner.Run(Tiny(folder));
        AssertOneLineExit2(fresh);
        Assert.Contains("holds a run that stopped before its first checkpoint (config.json, metrics.csv)", fresh.Stderr);
        var resumed = CliRunner.Run(Tiny(folder, "--resume"));
        AssertOneLineExit2(resumed);
        Assert.Contains("holds no checkpoint.safetensors to continue from: its run (config.json, metrics.csv) stopped", resumed.Stderr);
        Assert.Equal(before, Snapshot(folder));

        var empty = SyntheticSets.NewRunFolder("empty");
        Directory.CreateDirectory(empty);
        var nothing = CliRunner.Run(Tiny(empty, "--resume"));
        AssertOneLineExit2(nothing);
        Assert.Contains("holds no checkpoint.safetensors to continue from (no run has written there)", nothing.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(empty));
    }

    [Fact]
    public void The_samples_of_videos_that_fail_to_decode_are_reported_with_the_files_per_epoch_and_at_the_end()
    {
        var folder = SyntheticSets.NewRunFolder("skipped");
        Directory.CreateDirectory(folder);
        var broken = Path.Combine(folder, "broken.mp4");
        File.WriteAllBytes(broken, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
        var list = Path.Combine(folder, "list.txt");
        File.WriteAllLines(list, File.ReadLines(Path.Combine(SyntheticSets.Hybrid, "unlabeled.txt")).Take(7)
            .Select(l => Path.Combine(SyntheticSets.Hybrid, l.Split(' ')[0])).Append(broken));
        var run = Path.Combine(folder, "run");

        var result = CliRunner.Run("pretrain", "--model", "tiny", "--data", list, "--batch", "4", "--epochs", "1", "--out", run);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"epoch 1/1: skipped samples 1 (1 in this run; failed videos: {broken})", result.Stderr);
        Assert.Contains($"skipped     1 (failed videos: {broken})", result.Stdout);
    }
}
