using VideoMae.Training.Runs;

namespace VideoMae.Tests.Training.Runs;

public class SettingsComparisonTests
{
    private const string Stored = """
        { "model": "research-s", "decoder": { "embed_dim": 96, "depth": 2, "num_heads": 3 },
          "data": [ { "list": "a.txt", "stride": 2 } ], "decoder_mask": "running-cell",
          "run": { "epochs": 10, "batch_size": 8, "workers": 0, "cache_megabytes": 1024, "device": "cpu", "max_steps": null } }
        """;

    [Fact]
    public void Identical_settings_differ_nowhere()
    {
        var result = SettingsComparison.Compare(Stored, Stored);
        Assert.Empty(result.Changing);
        Assert.Empty(result.Harmless);
    }

    [Fact]
    public void Batch_and_decoder_depth_change_the_run_while_workers_and_device_do_not()
    {
        var current = Stored.Replace("\"batch_size\": 8", "\"batch_size\": 4").Replace("\"depth\": 2", "\"depth\": 1")
            .Replace("\"workers\": 0", "\"workers\": 2").Replace("\"device\": \"cpu\"", "\"device\": \"cuda\"").Replace("\"max_steps\": null", "\"max_steps\": 5");
        var result = SettingsComparison.Compare(Stored, current);
        Assert.Equal(["decoder.depth", "run.batch_size"], result.Changing.Select(d => d.Key));
        Assert.Equal(["run.workers", "run.device", "run.max_steps"], result.Harmless.Select(d => d.Key));
        Assert.Equal(new SettingsComparison.Difference("run.device", "cpu", "cuda"), result.Harmless[1]);
        Assert.Equal(
            "resume: the settings differ from the checkpoint's in decoder.depth (2 → 1), run.batch_size (8 → 4); start a new run with another --out, or undo the change",
            SettingsComparison.Message(result.Changing));
    }

    [Fact]
    public void Data_sources_compare_by_position_and_a_new_key_shows_as_absent_before()
    {
        var current = Stored.Replace("""{ "list": "a.txt", "stride": 2 }""", """{ "list": "a.txt", "stride": 4 }, { "list": "b.txt", "stride": 2 }""")
            .Replace("\"decoder_mask\": \"running-cell\"", "\"decoder_mask\": \"frame\", \"seed\": 1");
        var result = SettingsComparison.Compare(Stored, current);
        Assert.Equal(
            ["data[0].stride (2 → 4)", "decoder_mask (running-cell → frame)", "data[1].list ((absent) → b.txt)", "data[1].stride ((absent) → 2)", "seed ((absent) → 1)"],
            result.Changing.Select(d => d.ToString()));
        Assert.Empty(result.Harmless);
    }

    [Fact]
    public void A_distillations_student_has_the_same_harmless_keys()
    {
        var result = SettingsComparison.Compare("""{ "student": { "val": "v.txt", "run": { "cache_megabytes": 1 } }, "alpha": 1 }""",
            """{ "student": { "val": "w.txt", "run": { "cache_megabytes": 2 } }, "alpha": 0.5 }""");
        Assert.Equal(["alpha"], result.Changing.Select(d => d.Key));
        Assert.Equal(["student.val", "student.run.cache_megabytes"], result.Harmless.Select(d => d.Key));
    }

    [Fact]
    public void Rand_augment_and_erasing_change_the_run_and_a_checkpoint_from_before_them_had_neither()
    {
        const string Tuned = """{ "rand_augment": "rand-m7-n4-mstd0.5-inc1", "rand_augment_ops": null, "random_erasing": 0.25, "mixup": 0.8 }""";
        var changed = SettingsComparison.Compare(Tuned, Tuned.Replace("0.25", "0").Replace("m7", "m9").Replace("null", """["invert"]"""));
        Assert.Equal(["rand_augment", "rand_augment_ops", "random_erasing"], changed.Changing.Select(d => d.Key));
        // Settings written before these keys existed: that run had no RandAugment and no erasing.
        const string Old = """{ "mixup": 0.8 }""";
        Assert.Empty(SettingsComparison.Compare(Old, """{ "rand_augment": "none", "rand_augment_ops": null, "random_erasing": 0, "mixup": 0.8 }""").Changing);
        Assert.Equal(["rand_augment (none → rand-m7-n4-mstd0.5-inc1)", "rand_augment_ops (null → [\"invert\"])", "random_erasing (0 → 0.25)"],
            SettingsComparison.Compare(Old, Tuned.Replace("null", """["invert"]""")).Changing.Select(d => d.ToString()));
        Assert.Equal(["student.random_erasing"],
            SettingsComparison.Compare("""{ "student": { } }""", """{ "student": { "rand_augment": "none", "random_erasing": 0.25 } }""").Changing.Select(d => d.Key));
    }

    [Fact]
    public void Settings_that_are_not_a_json_object_are_named()
    {
        Assert.Contains("stored", Assert.Throws<InvalidDataException>(() => SettingsComparison.Compare("[1]", "{}")).Message);
        Assert.Contains("current", Assert.Throws<InvalidDataException>(() => SettingsComparison.Compare("{}", "{")).Message);
    }

    [Fact]
    public void Leaves_are_in_document_order_under_dotted_paths_with_strings_unquoted()
    {
        var leaves = SettingsComparison.Leaves(Stored, "config.json");
        Assert.Equal(["model", "decoder.embed_dim", "decoder.depth", "decoder.num_heads", "data[0].list", "data[0].stride", "decoder_mask",
            "run.epochs", "run.batch_size", "run.workers", "run.cache_megabytes", "run.device", "run.max_steps"], leaves.Select(p => p.Key));
        Assert.Equal(["research-s", "96", "a.txt", "null"], leaves.Where(p => p.Key is "model" or "decoder.embed_dim" or "data[0].list" or "run.max_steps").Select(p => p.Value));
        Assert.StartsWith("/runs/x/config.json: not valid JSON", Assert.Throws<InvalidDataException>(() => SettingsComparison.Leaves("{", "/runs/x/config.json")).Message);
    }
}
