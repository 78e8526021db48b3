using System.Text.Json.Nodes;
using VideoMae.Config;
using VideoMae.Data.Augmentation;
using VideoMae.Data.Datasets;
using VideoMae.Data.Sampling;
using VideoMae.Masking;
using VideoMae.Targets;
using VideoMae.Training.Settings;

namespace VideoMae.Tests.Training.Settings;

public class SettingsJsonTests
{
    [Fact]
    public void A_preset_with_a_decoder_override_keeps_the_presets_other_fields()
    {
        var settings = SettingsJson.Read<PretrainSettings>("""{ "model": "research-s", "decoder": { "depth": 1 } }""");
        Assert.Equal("research-s", settings.Model);
        Assert.Equal(192, settings.ModelConfig.Encoder.EmbedDim);
        Assert.Equal(new DecoderConfig(96, 1, 3), settings.ModelConfig.Decoder);
    }

    [Fact]
    public void Encoder_fields_override_the_preset_whatever_the_key_order()
    {
        var settings = SettingsJson.Read<PretrainSettings>("""{ "encoder": { "embed_dim": 96, "num_heads": 3 }, "model": "research-xs" }""");
        var expected = Presets.ResearchXS.Encoder with { EmbedDim = 96, NumHeads = 3 };
        Assert.Equal(expected, settings.ModelConfig.Encoder);
        Assert.Equal((32, 3, 32), (settings.ModelConfig.Encoder.ImageSize, settings.ModelConfig.Encoder.Depth, settings.ModelConfig.Encoder.HeadDim));
        Assert.Equal(Presets.ResearchXS.Decoder, settings.ModelConfig.Decoder);
    }

    [Fact]
    public void The_written_json_holds_every_architecture_field_and_the_config_spellings()
    {
        var json = JsonNode.Parse(SettingsJson.Write(new PretrainSettings
        {
            Model = "research-s",
            ModelConfig = Presets.ResearchS with { Decoder = new DecoderConfig(48, 1, 2) },
            DecoderMask = DecoderMasking.Frame,
            LossTokens = LossTokens.AllReconstructed,
        }))!.AsObject();
        Assert.Equal(["model", "encoder", "decoder"], json.Select(p => p.Key).Take(3));
        var encoder = json["encoder"]!.AsObject();
        Assert.Equal(ArchitectureFields.EncoderNames, encoder.Select(p => p.Key));
        Assert.Equal([64, 16, 2, 8, 192, 4, 3], ArchitectureFields.EncoderNames.Take(7).Select(k => encoder[k]!.GetValue<int>()));
        Assert.Equal(4.0, encoder["mlp_ratio"]!.GetValue<double>());
        Assert.Equal("""{"embed_dim":48,"depth":1,"num_heads":2}""", json["decoder"]!.ToJsonString());
        Assert.Equal(("tube", "frame", "all-reconstructed"),
            (json["encoder_mask"]!.GetValue<string>(), json["decoder_mask"]!.GetValue<string>(), json["loss"]!.GetValue<string>()));
        Assert.Null(json["masking"]);        // derived values are not settings
        Assert.Null(json["model_config"]);
    }

    [Fact]
    public void Pretraining_settings_round_trip_with_the_resolved_architecture()
    {
        var settings = new PretrainSettings
        {
            Model = "research-xs",
            ModelConfig = Presets.ResearchXS with { Encoder = Presets.ResearchXS.Encoder with { NumHeads = 4, MlpRatio = 2.5 }, Decoder = new DecoderConfig(48, 2, 4) },
            Data = [new VideoSource("a.txt", 2), new VideoSource("b.txt")],
            EncoderMask = EncoderMasking.Random, EncoderRatio = 0.75, DecoderMask = DecoderMasking.None, DecoderRatio = 0,
            LossTokens = LossTokens.AllReconstructed, NormalizeTarget = false, DropPath = 0.1,
            Optimizer = OptimizerSettings.Pretraining with { BaseLearningRate = 4e-2, ClipGrad = 0.02 },
            Run = new RunSettings { Epochs = 3, BatchSize = 4, Seed = 7, Precision = Precision.BFloat16, Workers = 2, CacheMegabytes = 0, MaxSteps = 9 },
        };
        var json = SettingsJson.Write(settings);
        var read = SettingsJson.Read<PretrainSettings>(json);
        Assert.Equal(json, SettingsJson.Write(read));
        Assert.Equal(settings.ModelConfig, read.ModelConfig);
        Assert.Equal(settings.Masking, read.Masking);
        Assert.Equal(settings.Data, read.Data);
        Assert.Equal(settings.Run, read.Run);
        Assert.Equal(settings.Optimizer, read.Optimizer);
        Assert.Equal((LossTokens.AllReconstructed, false, 0.1), (read.LossTokens, read.NormalizeTarget, read.DropPath));
    }

    [Fact]
    public void A_sources_frame_template_and_start_index_are_written_only_when_set()
    {
        var settings = SettingsJson.Read<PretrainSettings>("""
            { "data": [ { "list": "ava.txt", "stride": 4, "frame_template": "image_{:06}.jpg", "start_index": 0 }, { "list": "k400.txt" } ] }
            """);
        Assert.Equal(("image_{:06}.jpg", 0), (settings.Data[0].FrameTemplate, settings.Data[0].StartIndex));
        Assert.Equal((null, null), (settings.Data[1].FrameTemplate, settings.Data[1].StartIndex));
        var data = JsonNode.Parse(SettingsJson.Write(settings))!["data"]!.AsArray();
        Assert.Equal("""{"list":"ava.txt","stride":4,"frame_template":"image_{:06}.jpg","start_index":0}""", data[0]!.ToJsonString());
        // Absent when unset: the config of a run from before frame folders compares equal on resume.
        Assert.Equal("""{"list":"k400.txt","stride":4}""", data[1]!.ToJsonString());
    }

    [Fact]
    public void Fine_tuning_and_distillation_settings_round_trip_with_both_backbones()
    {
        var student = new FinetuneSettings
        {
            Model = "research-xs",
            ModelConfig = Presets.ResearchXS.Encoder with { Depth = 2, Tubelet = 4 },
            Init = "pre.safetensors", Train = [new VideoSource("t.txt", 2)], Val = "v.txt",
            TemporalSampling = TemporalSampling.Segments, Crop = SpatialAugmentation.CentreCrop, Flip = false, TestViews = "1x1",
        };
        var distill = new DistillSettings
        {
            Student = student, Teacher = "teacher.safetensors",
            TeacherModel = "research-s", TeacherConfig = Presets.ResearchS.Encoder with { Depth = 6 }, Temperature = 2,
        };
        var json = SettingsJson.Write(distill);
        var read = SettingsJson.Read<DistillSettings>(json);
        Assert.Equal(json, SettingsJson.Write(read));
        Assert.Equal(student.ModelConfig, read.Student.ModelConfig);
        Assert.Equal((TemporalSampling.Segments, SpatialAugmentation.CentreCrop), (read.Student.TemporalSampling, read.Student.SpatialAugmentation));
        Assert.Equal(("research-s", 6, 192), (read.TeacherModel, read.TeacherConfig.Depth, read.TeacherConfig.EmbedDim));
        var node = JsonNode.Parse(json)!;
        Assert.Equal(("segments", "centre-crop"), (node["student"]!["sampling"]!.GetValue<string>(), node["student"]!["crop"]!.GetValue<string>()));
        Assert.Equal(4, node["student"]!["encoder"]!["tubelet"]!.GetValue<int>());
    }

    [Fact]
    public void A_random_resized_crop_without_flip_is_the_no_flip_augmentation()
    {
        var settings = SettingsJson.Read<FinetuneSettings>("""{ "crop": "random-resized-crop", "flip": false }""");
        Assert.Equal(SpatialAugmentation.RandomResizedCropNoFlip, settings.SpatialAugmentation);
        Assert.Equal(SpatialAugmentation.CentreCrop, SettingsJson.Read<FinetuneSettings>("""{ "crop": "center-crop" }""").SpatialAugmentation);
    }

    [Fact]
    public void Fine_tuning_has_the_official_rand_augment_and_erasing_by_default_and_round_trips_other_choices()
    {
        var defaults = SettingsJson.Read<FinetuneSettings>("{}");
        Assert.Equal(RandAugmentPolicy.Reference, defaults.RandAugment);
        Assert.Null(defaults.RandAugmentOps);
        Assert.Equal(0.25, defaults.RandomErasing);
        var written = JsonNode.Parse(SettingsJson.Write(defaults))!;
        Assert.Equal("rand-m7-n4-mstd0.5-inc1", written["rand_augment"]!.GetValue<string>());
        Assert.Equal(0.25, written["random_erasing"]!.GetValue<double>());
        Assert.Null(written["rand_augment_ops"]);

        var chosen = SettingsJson.Read<FinetuneSettings>("""
            { "rand_augment": "rand-m9-n2-mstd0-inc0", "rand_augment_ops": ["invert", "TranslateXRel"], "random_erasing": 0.1 }
            """);
        Assert.Equal(new RandAugmentPolicy(9, 2, 0, false), chosen.RandAugment);
        Assert.Equal([RandAugmentOp.Invert, RandAugmentOp.TranslateX], chosen.RandAugmentOps!);
        var json = SettingsJson.Write(chosen);
        Assert.Equal(json, SettingsJson.Write(SettingsJson.Read<FinetuneSettings>(json)));
        var node = JsonNode.Parse(json)!;
        Assert.Equal("""["invert","translate-x"]""", node["rand_augment_ops"]!.ToJsonString());
        var off = SettingsJson.Read<FinetuneSettings>("""{ "rand_augment": "none", "random_erasing": 0 }""");
        Assert.True(off.RandAugment.IsNone);
        Assert.Equal("none", JsonNode.Parse(SettingsJson.Write(off))!["rand_augment"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{ "rand_augment": "rand-m7-x4" }""", "unknown section 'x4'")]
    [InlineData("""{ "rand_augment": 7 }""", "rand_augment is not a string")]
    [InlineData("""{ "rand_augment_ops": ["rotate", "spin"] }""", "RandAugment op 'spin'")]
    [InlineData("""{ "rand_augment_ops": ["rotate", "rotate"] }""", "lists rotate twice")]
    [InlineData("""{ "rand_augment_ops": [] }""", "rand_augment_ops is empty")]
    [InlineData("""{ "rand_augment": null }""", "rand_augment is null")]
    [InlineData("""{ "random_erasing": 1.5 }""", "random_erasing = 1.5")]
    public void A_bad_augmentation_setting_is_named(string json, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => (SettingsJson.Read<FinetuneSettings>(json) with { Train = [new VideoSource("t.txt")] }).Validate());
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("""{ "model": "research-m" }""", "Unknown model preset 'research-m'", "research-xs")]
    [InlineData("""{ "modle": "tiny" }""", "unknown key 'modle'", "model")]
    [InlineData("""{ "run": { "batchsize": 4 } }""", "unknown key 'run.batchsize'", "batch_size")]
    [InlineData("""{ "data": [ { "list": "a.txt", "strid": 2 } ] }""", "unknown key 'data[0].strid'", "stride")]
    [InlineData("""{ "decoder": { "width": 64 } }""", "unknown key 'decoder.width'", "embed_dim")]
    [InlineData("""{ "decoder_mask": "running" }""", "decoder masking 'running'", "running-cell")]
    [InlineData("""{ "loss": "hidden" }""", "loss 'hidden'", "encoder-hidden")]
    [InlineData("""{ "run": { "precision": "fp16" } }""", "precision 'fp16'", "bfloat16")]
    [InlineData("""{ "encoder": { "depth": 2.5 } }""", "encoder.depth = 2.5", "an integer")]
    [InlineData("""{ "encoder": { "num_heads": 5 } }""", "EmbedDim = 192", "NumHeads = 5")]
    [InlineData("""{ "run": { "epochs": "ten" } }""", "run.epochs", "Int32")]
    public void A_bad_pretraining_config_is_one_argument_error_naming_the_value_and_what_was_expected(string json, string named, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => SettingsJson.Read<PretrainSettings>(json));
        Assert.Contains(named, error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_fine_tuning_config_has_no_decoder_and_a_distillation_names_the_students_keys()
    {
        Assert.Contains("unknown key 'decoder'", Assert.Throws<ArgumentException>(() => SettingsJson.Read<FinetuneSettings>("""{ "decoder": { "depth": 1 } }""")).Message);
        Assert.Contains("unknown key 'mixupp'", Assert.Throws<ArgumentException>(() => SettingsJson.Read<DistillSettings>("""{ "student": { "mixupp": 0 } }""")).Message);
        Assert.Contains("teacher_encoder.heads", Assert.Throws<ArgumentException>(() => SettingsJson.Read<DistillSettings>("""{ "teacher_encoder": { "heads": 1 } }""")).Message);
    }

    [Fact]
    public void Setting_the_preset_in_code_resets_the_architecture_to_it()
    {
        var custom = new PretrainSettings { Model = "research-xs", ModelConfig = Presets.ResearchXS with { Decoder = new DecoderConfig(64, 4, 4) } };
        Assert.Equal(Presets.ResearchS, (custom with { Model = "research-s" }).ModelConfig);
    }
}
