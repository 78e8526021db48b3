using System.Text.Json;
using VideoMae.Tests.Training;

namespace VideoMae.Tests.Cli;

public class TrainingCommandsTests
{
    [Fact]
    public void A_masking_ratio_the_running_cell_cannot_make_exits_2_naming_it()
    {
        var result = CliRunner.Run("pretrain", "--data", Path.Combine(SyntheticSets.Hybrid, "unlabeled.txt"), "--decoder-ratio", "0.3", "--out", SyntheticSets.NewRunFolder("bad"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("0.3", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Flags_override_the_config_file_and_the_run_folder_records_the_result()
    {
        var config = Path.Combine(SyntheticSets.NewRunFolder("config"), "pretrain.json");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.WriteAllText(config, $$"""
            { "model": "research-xs", "data": [ { "list": "{{Path.Combine(SyntheticSets.Hybrid, "unlabeled.txt")}}", "stride": 2 } ],
              "decoder_mask": "frame", "run": { "epochs": 5, "batch_size": 8, "repeated_samples": 1 } }
            """);
        var folder = SyntheticSets.NewRunFolder("override");
        var result = CliRunner.Run("pretrain", "--config", config, "--epochs", "1", "--max-steps", "2", "--out", folder);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("step 2/6", result.Stderr);   // plain progress lines when redirected: 48 videos / 8 = 6 steps, 1 epoch
        var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json"))).RootElement;
        Assert.Equal("research-xs", saved.GetProperty("model").GetString());
        Assert.Equal("frame", saved.GetProperty("decoder_mask").GetString());
        Assert.Equal(1, saved.GetProperty("run").GetProperty("epochs").GetInt32());
        Assert.Equal(8, saved.GetProperty("run").GetProperty("batch_size").GetInt32());
    }

    [Fact]
    public void An_unknown_key_in_a_config_file_is_named()
    {
        var config = Path.Combine(SyntheticSets.NewRunFolder("typo"), "bad.json");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.WriteAllText(config, """{ "modle": "tiny" }""");
        var result = CliRunner.Run("pretrain", "--config", config, "--out", SyntheticSets.NewRunFolder("typo-run"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown key 'modle'", result.Stderr);
    }

    [Fact]
    public void Pretrain_then_finetune_then_eval_then_distill_run_end_to_end()
    {
        var motion = SyntheticSets.Motion;
        var pretrain = SyntheticSets.NewRunFolder("e2e-pretrain");
        var p = CliRunner.Run("pretrain", "--model", "research-xs", "--data", $"{Path.Combine(SyntheticSets.Hybrid, "unlabeled.txt")}:2",
            "--epochs", "1", "--batch", "8", "--out", pretrain);
        Assert.True(p.ExitCode == 0, p.Stderr);

        var finetune = SyntheticSets.NewRunFolder("e2e-finetune");
        var f = CliRunner.Run("finetune", "--model", "research-xs", "--init", Path.Combine(pretrain, "model.safetensors"),
            "--train", $"{Path.Combine(motion, "train.txt")}:2", "--val", Path.Combine(motion, "val.txt"), "--test-views", "1x1",
            "--epochs", "1", "--batch", "8", "--out", finetune);
        Assert.True(f.ExitCode == 0, f.Stderr);
        Assert.Contains("loaded", f.Stderr);   // the initialisation report
        Assert.Contains("fc_norm", f.Stderr);  // fresh after pre-training
        var evalJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(finetune, "eval.json"))).RootElement;
        var confusion = evalJson.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Sum(c => c.GetInt32())).Sum();
        Assert.Equal(evalJson.GetProperty("videos").GetInt32(), confusion);
        // The final evaluation's per-video predictions: a header and one row per validation video.
        Assert.Equal(evalJson.GetProperty("videos").GetInt32() + 1, File.ReadAllLines(Path.Combine(finetune, "predictions.csv")).Length);

        // The eval command rebuilds the model from the file alone (its metadata) and must agree with the run's own evaluation.
        var e = CliRunner.Run("eval", "--checkpoint", Path.Combine(finetune, "model.safetensors"), "--list", Path.Combine(motion, "val.txt"),
            "--stride", "2", "--views", "16x1x1", "--json");
        Assert.True(e.ExitCode == 0, e.Stderr);
        Assert.Equal(Math.Round(evalJson.GetProperty("top1").GetDouble(), 4), e.Json.GetProperty("top1").GetDouble());

        var distill = SyntheticSets.NewRunFolder("e2e-distill");
        var d = CliRunner.Run("distill", "--model", "research-xs", "--teacher", Path.Combine(finetune, "model.safetensors"), "--teacher-model", "research-xs",
            "--train", $"{Path.Combine(motion, "train.txt")}:2", "--epochs", "1", "--batch", "8", "--temperature", "2", "--out", distill);
        Assert.True(d.ExitCode == 0, d.Stderr);
        Assert.Contains("teacher:", d.Stderr);
        Assert.True(File.Exists(Path.Combine(distill, "model.safetensors")));
    }

    [Fact]
    public void An_architecture_from_a_config_and_flags_pretrains_fine_tunes_evaluates_and_classifies_with_no_code_change()
    {
        var folder = SyntheticSets.NewRunFolder("architecture");
        Directory.CreateDirectory(folder);
        // research-xs (64-d, 2 heads; decoder 32-d, 1 block, 2 heads) with 4 encoder heads and a 48-d, 2-block decoder;
        // the decoder's 4 heads come from a flag. Heads show in no tensor shape: only the file's metadata carries them.
        var pretrainConfig = Path.Combine(folder, "pretrain.json");
        File.WriteAllText(pretrainConfig, """{ "model": "research-xs", "encoder": { "num_heads": 4 }, "decoder": { "embed_dim": 48, "depth": 2 } }""");
        var pretrain = Path.Combine(folder, "pretrain");
        var p = CliRunner.Run("pretrain", "--config", pretrainConfig, "--decoder-heads", "4", "--data", $"{Path.Combine(SyntheticSets.Hybrid, "unlabeled.txt")}:2",
            "--epochs", "1", "--batch", "8", "--max-steps", "2", "--out", pretrain);
        Assert.True(p.ExitCode == 0, p.Stderr);
        var recorded = JsonDocument.Parse(File.ReadAllText(Path.Combine(pretrain, "config.json"))).RootElement;
        Assert.Equal("""{"image_size":32,"frames":16,"tubelet":2,"patch":4,"embed_dim":64,"depth":3,"num_heads":4,"mlp_ratio":4}""",
            JsonSerializer.Serialize(recorded.GetProperty("encoder")));
        Assert.Equal("""{"embed_dim":48,"depth":2,"num_heads":4}""", JsonSerializer.Serialize(recorded.GetProperty("decoder")));
        var converted = CliRunner.Run("convert", Path.Combine(pretrain, "model.safetensors"), "--out", Path.Combine(folder, "converted.safetensors"));
        Assert.True(converted.ExitCode == 0, converted.Stderr);
        Assert.Contains("ViT 64-d, 3 blocks, 4 heads, MLP 256, tubelet 2×4×4, input 16×32×32, decoder 48-d, 2 blocks, 4 heads", converted.Stdout);

        var finetuneConfig = Path.Combine(folder, "finetune.json");
        File.WriteAllText(finetuneConfig, """{ "model": "research-xs", "encoder": { "num_heads": 4 }, "test_views": "1x1" }""");
        var finetune = Path.Combine(folder, "finetune");
        var motion = SyntheticSets.Motion;
        var f = CliRunner.Run("finetune", "--config", finetuneConfig, "--init", Path.Combine(pretrain, "model.safetensors"),
            "--train", $"{Path.Combine(motion, "train.txt")}:2", "--val", Path.Combine(motion, "val.txt"),
            "--epochs", "1", "--batch", "8", "--max-steps", "2", "--out", finetune);
        Assert.True(f.ExitCode == 0, f.Stderr);
        var tuned = Path.Combine(finetune, "model.safetensors");
        const string classifier = "ViT 64-d, 3 blocks, 4 heads, MLP 256, tubelet 2×4×4, input 16×32×32, 12 classes";
        var e = CliRunner.Run("eval", "--checkpoint", tuned, "--list", Path.Combine(motion, "val.txt"), "--stride", "2", "--views", "16x1x1", "--json");
        Assert.True(e.ExitCode == 0, e.Stderr);
        Assert.Equal(classifier, e.Json.GetProperty("architecture").GetString());
        var video = File.ReadLines(Path.Combine(motion, "val.txt")).First().Split(' ')[0];
        var c = CliRunner.Run("classify", Path.Combine(motion, video), "--checkpoint", tuned, "--views", "16x1x1", "--stride", "2", "--json");
        Assert.True(c.ExitCode == 0, c.Stderr);
        Assert.Equal(classifier, c.Json.GetProperty("architecture").GetString());
    }

    [Theory]
    [InlineData("--aa", "rand-m7-q3", "unknown section 'q3'")]
    [InlineData("--aa-ops", "invert,flip", "RandAugment op 'flip'")]
    [InlineData("--reprob", "2", "random_erasing = 2")]
    public void A_bad_augmentation_flag_exits_2_naming_it(string flag, string value, string expected)
    {
        var result = CliRunner.Run("finetune", "--train", "missing.txt", flag, value, "--out", SyntheticSets.NewRunFolder("bad-augmentation"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
    }

    [Fact]
    public void A_teacher_for_other_clips_is_refused()
    {
        var result = CliRunner.Run("distill", "--model", "tiny", "--teacher", "whatever.safetensors", "--teacher-model", "research-xs",
            "--train", Path.Combine(SyntheticSets.Motion, "train.txt"), "--out", SyntheticSets.NewRunFolder("mismatch"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("same clips", result.Stderr);
    }
}
