using TorchSharp;
using VideoMae.Checkpoints;
using VideoMae.Config;
using VideoMae.Evaluation;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Tests.Checkpoints.Pth;
using VideoMae.Tests.Fixtures;
using static TorchSharp.torch;

namespace VideoMae.Tests.Checkpoints;

/// <summary>
/// Loading through the key mapping must reproduce the official implementation's outputs (shared/fixtures/reference)
/// within 1e-5, whatever the file format or naming; bad checkpoints fail with a message and leave the model untouched.
/// </summary>
public sealed class CheckpointLoaderTests : IDisposable
{
    private static readonly ArchitectureHints Tiny = new() { Preset = "tiny" };
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-load-").FullName;
    private readonly DisposeScope _scope;
    private readonly IReadOnlyDictionary<string, Tensor> _io;

    public CheckpointLoaderTests()
    {
        TorchRuntime.EnsureLoaded();
        _scope = NewDisposeScope();
        _io = Safetensors.Load(ReferenceFixtures.PathOf("tiny_p8.io.safetensors"));
    }

    public void Dispose()
    {
        _scope.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string PathFor(string name) => Path.Combine(_folder, name);

    private static IReadOnlyDictionary<string, Tensor> Official(string name) => Safetensors.Load(ReferenceFixtures.PathOf(name));

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: 0);

    private Tensor Logits(VideoClassifier model)
    {
        using var noGrad = no_grad();
        return model.call(_io["input.video"]);
    }

    private void AssertReferenceLogits(LoadedClassifier loaded, string what)
    {
        Assert.True(loaded.Report.IsComplete, loaded.Report.Describe());
        TensorAssert.Close(_io["expected.classifier_logits"], Logits(loaded.Model), what);
    }

    private Tensor DecoderOutput(PretrainModel model, string tag)
    {
        using var noGrad = no_grad();
        return model.call(_io["input.video"], _io["input.encoder_mask"].to(ScalarType.Bool), _io[$"input.decoder_mask.{tag}"].to(ScalarType.Bool));
    }

    // ---- parity through the official files ----------------------------------------------------------------------

    [Theory]
    [InlineData("tiny_p8.classifier.pth")]
    [InlineData("tiny_p8.classifier.safetensors")]
    public void The_official_classifier_reproduces_the_reference_logits(string file)
    {
        using var loaded = CheckpointLoader.LoadClassifier(ReferenceFixtures.PathOf(file), Tiny);
        Assert.Equal(KeyNaming.Official, loaded.Report.Naming);
        Assert.Equal(7, loaded.Model.Classes);
        Assert.Equal(Presets.Tiny.Encoder, loaded.Model.Config);
        AssertReferenceLogits(loaded, file);
    }

    [Fact]
    public void Heads_frames_and_size_hints_stand_in_for_the_preset()
    {
        using var loaded = CheckpointLoader.LoadClassifier(ReferenceFixtures.PathOf("tiny_p8.classifier.pth"), new ArchitectureHints { Heads = 4, Frames = 8, Size = 32 });
        Assert.Equal(Presets.Tiny.Encoder, loaded.Model.Config);
        AssertReferenceLogits(loaded, "hinted");
    }

    [Fact]
    public void The_official_pretraining_pth_rebuilds_the_tiny_preset_and_its_decoder_output()
    {
        var mapped = KeyMapping.ToOfficial(PthReader.LoadStateDict(ReferenceFixtures.PathOf("tiny_p8.pretrain.pth")));
        var architecture = ArchitectureInference.Infer(mapped.Tensors, Tiny);
        Assert.Equal(Presets.Tiny, architecture.Pretrain);
        Assert.Null(architecture.Classes);
        using var model = new PretrainModel(architecture.Pretrain!);
        var report = CheckpointLoader.Load(model, mapped);
        Assert.True(report.IsComplete, report.Describe());
        model.eval();
        TensorAssert.Close(_io["expected.decoder_output.running_cell_50"], DecoderOutput(model, "running_cell_50"), "decoder output");
    }

    // ---- other namings ------------------------------------------------------------------------------------------

    [Fact]
    public void Container_prefixes_and_the_module_entry_are_unwrapped()
    {
        var prefixed = Official("tiny_p8.classifier.safetensors").ToDictionary(p => "_orig_mod.module." + p.Key, p => p.Value);
        var path = StateDictPth.Write(PathFor("compiled.pth"), prefixed, topKey: "module");
        using var loaded = CheckpointLoader.LoadClassifier(path, Tiny);
        AssertReferenceLogits(loaded, "prefixed keys");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Hugging_Face_names_reproduce_the_reference_logits(bool transformersV5)
    {
        // A non-zero key bias shifts every score of a query by the same amount, which softmax ignores.
        var hf = ForeignNames.HuggingFace(Official("tiny_p8.classifier.safetensors"), transformersV5, keyBias: full(64, 0.3f));
        Assert.Contains("videomae.encoder.layer.1.attention.attention.value.weight", hf.Keys);
        var path = StateDictPth.Write(PathFor("hf.pth"), hf, topKey: null);
        using var loaded = CheckpointLoader.LoadClassifier(path, Tiny);
        Assert.Equal(KeyNaming.HuggingFace, loaded.Report.Naming);
        Assert.Contains(loaded.Report.Notes, n => n.Contains("eps 1e-12"));
        AssertReferenceLogits(loaded, "Hugging Face names");
    }

    [Fact]
    public void Hugging_Face_pretraining_names_reproduce_the_decoder_output()
    {
        var hf = ForeignNames.HuggingFace(Official("tiny_p8.pretrain.safetensors"));
        Assert.Contains("decoder.decoder_layers.0.intermediate.dense.weight", hf.Keys);
        Assert.Contains("videomae.layernorm.weight", hf.Keys);
        using var model = new PretrainModel(Presets.Tiny);
        var report = CheckpointLoader.Load(model, KeyMapping.ToOfficial(hf));
        Assert.True(report.IsComplete, report.Describe());
        model.eval();
        TensorAssert.Close(_io["expected.decoder_output.none"], DecoderOutput(model, "none"), "decoder output (HF names)");
    }

    [Fact]
    public void MmAction2_names_reproduce_the_reference_logits()
    {
        var path = StateDictPth.Write(PathFor("mmaction.pth"), ForeignNames.MmAction2(Official("tiny_p8.classifier.safetensors")), topKey: "state_dict");
        using var loaded = CheckpointLoader.LoadClassifier(path, Tiny);
        Assert.Equal(KeyNaming.MmAction2, loaded.Report.Naming);
        AssertReferenceLogits(loaded, "MMAction2 names");
    }

    // ---- stored dtypes ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(ScalarType.Float16, 2e-2)]
    [InlineData(ScalarType.BFloat16, 1e-1)]
    public void Half_precision_storage_loads_as_the_rounded_float32_weights(ScalarType dtype, double logitTolerance)
    {
        var official = Official("tiny_p8.classifier.safetensors");
        var path = StateDictPth.Write(PathFor($"{dtype}.pth"), official.ToDictionary(p => p.Key, p => p.Value.to(dtype)));
        using var loaded = CheckpointLoader.LoadClassifier(path, Tiny);
        var parameters = loaded.Model.state_dict();
        foreach (var (key, value) in official)
        {
            Assert.Equal(ScalarType.Float32, parameters[key].dtype);
            Assert.True(Same(value.to(dtype).to(ScalarType.Float32), parameters[key]), $"{key} is not the {dtype}-rounded weight");
        }
        // Rounding the weights to 11 (float16) or 8 (bfloat16) significant bits moves the logits by about that much.
        TensorAssert.Close(_io["expected.classifier_logits"], Logits(loaded.Model), $"{dtype} logits", logitTolerance);
    }

    // ---- refused checkpoints ------------------------------------------------------------------------------------

    [Fact]
    public void A_truncated_checkpoint_is_refused_naming_the_file()
    {
        var bytes = File.ReadAllBytes(ReferenceFixtures.PathOf("tiny_p8.classifier.pth"));
        var path = PathFor("truncated.pth");
        File.WriteAllBytes(path, bytes[..(bytes.Length * 3 / 4)]);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointLoader.LoadClassifier(path, Tiny));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_pickle_asking_for_an_unknown_global_is_refused_by_name()
    {
        var pickle = new PickleBuilder().Proto().Dict(("model", p => p.Global("os", "system").Str("echo hacked").Tuple1().Reduce())).Stop().ToArray();
        var path = PthFiles.Write(PathFor("hostile.pth"), pickle);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointLoader.LoadClassifier(path, Tiny));
        Assert.Contains("'os.system'", e.Message);
    }

    [Fact]
    public void A_shape_mismatch_is_refused_and_nothing_is_copied()
    {
        using var model = new VideoClassifier(Presets.Tiny.Encoder, classes: 7);
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var tensors = new Dictionary<string, Tensor>(Official("tiny_p8.classifier.safetensors")) { ["blocks.1.mlp.fc2.weight"] = zeros(64, 128) };
        var e = Assert.Throws<InvalidDataException>(() => CheckpointLoader.Load(model, KeyMapping.ToOfficial(tensors), source: "damaged"));
        Assert.Contains("blocks.1.mlp.fc2.weight: checkpoint [64, 128], model [64, 256]", e.Message);
        Assert.Contains("copies nothing", e.Message);
        Assert.All(model.state_dict(), p => Assert.True(Same(before[p.Key], p.Value), $"{p.Key} changed"));
    }

    [Fact]
    public void A_shape_mismatch_in_a_file_is_refused_with_the_key_and_both_shapes()
    {
        var tensors = new Dictionary<string, Tensor>(Official("tiny_p8.classifier.safetensors")) { ["fc_norm.bias"] = zeros(65) };
        var path = StateDictPth.Write(PathFor("mismatch.pth"), tensors);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointLoader.LoadClassifier(path, Tiny));
        Assert.Contains("fc_norm.bias: checkpoint [65], model [64]", e.Message);
    }

    [Fact]
    public void An_integer_tensor_is_refused_for_a_float_parameter()
    {
        using var model = new VideoClassifier(Presets.Tiny.Encoder, classes: 7);
        var tensors = new Dictionary<string, Tensor>(Official("tiny_p8.classifier.safetensors")) { ["head.bias"] = zeros([7], ScalarType.Int64) };
        var e = Assert.Throws<InvalidDataException>(() => CheckpointLoader.Load(model, KeyMapping.ToOfficial(tensors)));
        Assert.Contains("head.bias: dtype Int64, expected floating point", e.Message);
    }

    [Fact]
    public void A_pretraining_checkpoint_is_refused_strictly_and_gives_its_backbone_non_strictly()
    {
        var pretrain = Official("tiny_p8.pretrain.safetensors");
        using var model = new VideoClassifier(Presets.Tiny.Encoder, classes: 7);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointLoader.Load(model, KeyMapping.ToOfficial(pretrain)));
        Assert.Contains("4 missing from the checkpoint: fc_norm.weight; fc_norm.bias; head.weight; head.bias", e.Message);
        Assert.Contains("unexpected", e.Message);

        var report = CheckpointLoader.Load(model, KeyMapping.ToOfficial(pretrain), strict: false);
        Assert.Equal(["fc_norm.weight", "fc_norm.bias", "head.weight", "head.bias"], report.Missing);
        // The reference's fine-tuning start: the encoder's final norm, the decoder and its projection are unused.
        Assert.Contains("norm.weight", report.Unexpected);
        Assert.Contains("mask_token", report.Unexpected);
        Assert.Contains("encoder_to_decoder.weight", report.Unexpected);
        Assert.True(Same(pretrain["encoder.blocks.1.attn.qkv.weight"], model.state_dict()["blocks.1.attn.qkv.weight"]));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Non_finite_weights_are_refused_naming_the_tensor_and_nothing_is_copied(float bad)
    {
        var tensors = new Dictionary<string, Tensor>(Official("tiny_p8.classifier.safetensors"));
        tensors["blocks.1.norm1.weight"] = tensors["blocks.1.norm1.weight"].clone().index_put_(tensor(bad), tensor(3L));
        var path = StateDictPth.Write(PathFor("nan.pth"), tensors);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointLoader.LoadClassifier(path, Tiny));
        Assert.Equal($"{path}: blocks.1.norm1.weight holds 1 of its 64 values NaN or infinite; expected finite weights (the file is damaged, or was saved after the training diverged).", e.Message);

        using var model = new VideoClassifier(Presets.Tiny.Encoder, classes: 7);
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        Assert.Throws<InvalidDataException>(() => CheckpointLoader.Load(model, KeyMapping.ToOfficial(tensors), source: path));
        Assert.All(model.state_dict(), p => Assert.True(Same(before[p.Key], p.Value), $"{p.Key} changed"));
    }

    [Fact]
    public void A_checkpoint_without_a_head_cannot_classify()
    {
        var e = Assert.Throws<InvalidDataException>(() => CheckpointLoader.LoadClassifier(ReferenceFixtures.PathOf("tiny_p8.pretrain.pth"), Tiny));
        Assert.Contains("no classification head", e.Message);
    }

    [Fact]
    public void A_preset_that_contradicts_the_shapes_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => CheckpointLoader.LoadClassifier(ReferenceFixtures.PathOf("tiny_p8.classifier.pth"), new ArchitectureHints { Preset = "vit-s" }));
        Assert.Contains("embedding width 64 but preset 'vit-s' has 384", e.Message);
    }

    // ---- head rows, position table, export ----------------------------------------------------------------------

    [Fact]
    public void Head_rows_keep_the_chosen_classes_in_order()
    {
        int[] rows = [6, 0, 3];
        using var loaded = CheckpointLoader.LoadClassifier(ReferenceFixtures.PathOf("tiny_p8.classifier.pth"), Tiny, classes => classes == 7 ? rows : null);
        Assert.Equal(3, loaded.Model.Classes);
        var expected = _io["expected.classifier_logits"].index_select(1, tensor(rows.Select(r => (long)r).ToArray()));
        TensorAssert.Close(expected, Logits(loaded.Model), "selected logits");
    }

    [Fact]
    public void A_K710_head_reports_on_K400_through_the_label_map()
    {
        manual_seed(0);
        using var k710 = new VideoClassifier(Presets.Tiny.Encoder, classes: 710, initScale: 1);
        var path = PathFor("k710.safetensors");
        Safetensors.Save(path, k710.state_dict());
        var k400 = LabelMap.Resolve("k400");
        using var loaded = CheckpointLoader.LoadClassifier(path, Tiny, k400.HeadRows);
        Assert.Equal(400, loaded.Model.Classes);
        var row = k400.HeadRows(710)![17];
        Assert.True(Same(k710.state_dict()["head.weight"][row], loaded.Model.state_dict()["head.weight"][17]));
        Assert.True(Same(k710.state_dict()["head.bias"][row], loaded.Model.state_dict()["head.bias"][17]));
        Assert.Contains(loaded.Report.Notes, n => n.Contains("head reduced from 710 to 400"));
    }

    [Fact]
    public void Another_input_size_interpolates_the_trained_position_table()
    {
        using var loaded = CheckpointLoader.LoadClassifier(ReferenceFixtures.PathOf("tiny_p8.classifier.pth"), Tiny with { InputSize = 48, InputFrames = 4 });
        Assert.Equal(new TokenGrid(2, 6, 6), loaded.Model.Config.Grid);
        Assert.Equal(Presets.Tiny.Encoder.Grid, loaded.Architecture.TrainedGrid);
        var expected = VideoMae.Layers.PositionTableInterpolation.SinCos(Presets.Tiny.Encoder.Grid, new TokenGrid(2, 6, 6), 64);
        Assert.True(Same(expected, loaded.Model.get_buffer("pos_embed")!));
        Assert.Contains(loaded.Report.Notes, n => n.Contains("interpolated from the 4×4×4 token grid"));
        using var noGrad = no_grad();
        Assert.Equal(new long[] { 1, 7 }, loaded.Model.call(randn([1, 3, 4, 48, 48])).shape);
    }

    [Fact]
    public void An_exported_safetensors_file_loads_with_no_hints_and_the_same_logits()
    {
        var hf = StateDictPth.Write(PathFor("hf.pth"), ForeignNames.HuggingFace(Official("tiny_p8.classifier.safetensors")), topKey: null);
        var output = PathFor("converted.safetensors");
        var (architecture, naming, _) = CheckpointExport.ToSafetensors(hf, output, Tiny);
        Assert.Equal(KeyNaming.HuggingFace, naming);
        Assert.Equal(7, architecture.Classes);
        Assert.Contains("blocks.0.attn.qkv.weight", Safetensors.ReadHeader(output).Entries.Select(e => e.Name));
        using var loaded = CheckpointLoader.LoadClassifier(output);
        Assert.Equal(KeyNaming.Official, loaded.Report.Naming);
        Assert.Equal(Presets.Tiny.Encoder, loaded.Model.Config);
        AssertReferenceLogits(loaded, "exported");
    }

    [Fact]
    public void Loading_leaves_no_tensor_alive_beyond_what_the_model_itself_leaves()
    {
        var path = ReferenceFixtures.PathOf("tiny_p8.classifier.pth");
        static long LiveAfter(Action action)
        {
            var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            action();
            return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        }
        // TorchSharp counts a disposed module's parameters as live, so the yardstick is a bare model of the same shape.
        var bare = LiveAfter(() => new VideoClassifier(Presets.Tiny.Encoder with { ImageSize = 48 }, classes: 7).Dispose());
        Assert.Equal(bare, LiveAfter(() => CheckpointLoader.LoadClassifier(path, Tiny with { InputSize = 48 }).Dispose()));
        Assert.Equal(0, LiveAfter(() => Assert.Throws<InvalidDataException>(() => CheckpointLoader.LoadClassifier(ReferenceFixtures.PathOf("tiny_p8.pretrain.pth"), Tiny))));
    }
}
