using VideoMae.Checkpoints;
using VideoMae.Config;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Tests.Fixtures;
using static TorchSharp.torch;

namespace VideoMae.Tests.Models;

/// <summary>
/// State-dict compatibility is public API (STYLE L9): every preset's keys and shapes, of the pre-training model and of
/// a 400-class classifier, are approval-tested against committed snapshots (Snapshots/*.approved.txt). The snapshots
/// are in turn checked against the official key template of SPEC §8.1 and the parameter counts of SPEC §1.1–§1.2, so
/// approving a received file cannot bless a wrong name or shape. Models are built on the meta device (no storage, no
/// initialisation), which makes ViT-g a sub-second build.
/// </summary>
public class StateDictSnapshotTests
{
    private const int Classes = 400;
    private const string Pretrain = "pretrain";
    private static readonly string Classifier = $"classifier-{Classes}";
    private static readonly string Folder = Path.Combine(RepositoryRoot.Folder, "tests", "VideoMae.Tests", "Models", "Snapshots");

    public StateDictSnapshotTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string, string> Snapshots()
    {
        var data = new TheoryData<string, string>();
        foreach (var preset in Presets.ByName.Keys)
        {
            data.Add(preset, Pretrain);
            data.Add(preset, Classifier);
        }
        return data;
    }

    private static string Built(string preset, string model) => MetaDevice.Build(() =>
    {
        var config = Presets.Get(preset);
        using nn.Module module = model == Pretrain ? new PretrainModel(config) : new VideoClassifier(config.Encoder, Classes);
        return StateDictText.Of(module);
    });

    private static IReadOnlyDictionary<string, long[]> Approved(string preset, string model) =>
        StateDictText.Parse(Approval.Approved(Folder, $"{preset}.{model}"));

    [Theory, MemberData(nameof(Snapshots))]
    public void The_built_state_dict_equals_the_approved_snapshot(string preset, string model) =>
        Approval.Verify(Folder, $"{preset}.{model}", Built(preset, model));

    [Theory, MemberData(nameof(Snapshots))]
    public void The_approved_snapshot_is_the_official_key_template(string preset, string model)
    {
        var a = Architecture.ByPreset[preset];
        var official = model == Pretrain ? OfficialStateDict.Pretrain(a) : OfficialStateDict.Classifier(a, Classes);
        Assert.Equal(StateDictText.Render(official), Approval.Approved(Folder, $"{preset}.{model}"));
    }

    // The template itself against real output of the official code: the reference fixtures' pre-training checkpoint.
    [Fact]
    public void The_tiny_snapshot_equals_the_official_checkpoint_of_the_reference_fixtures()
    {
        using var scope = NewDisposeScope();
        var official = Safetensors.Load(ReferenceFixtures.PathOf("tiny_p8.pretrain.safetensors"));
        Assert.Equal(StateDictText.Render(official.Select(p => (p.Key, p.Value.shape))), Approval.Approved(Folder, $"tiny.{Pretrain}"));
    }

    [Fact]
    public void Every_preset_has_its_architecture_written_down() =>
        Assert.Equal(Presets.ByName.Keys.Order(), Architecture.ByPreset.Keys.Order());

    private static double Millions(IEnumerable<long[]> shapes) => shapes.Sum(s => s.Aggregate(1L, (n, d) => n * d)) / 1e6;

    // The encoder is every key under "encoder."; the decoder, with the projection and the mask token, every other key.
    [Theory, MemberData(nameof(SpecParameterCounts.PaperModels), MemberType = typeof(SpecParameterCounts))]
    public void Paper_model_snapshots_add_up_to_the_specified_parameter_counts(string preset, double encoderMillions, double decoderMillions)
    {
        var tensors = Approved(preset, Pretrain);
        double Millions(bool encoder) => StateDictSnapshotTests.Millions(tensors.Where(p => p.Key.StartsWith("encoder.") == encoder).Select(p => p.Value));
        Assert.Equal(encoderMillions, Millions(encoder: true), 2);
        Assert.Equal(decoderMillions, Millions(encoder: false), 2);
    }

    [Fact]
    public void ViT_B_classifier_snapshot_has_the_specified_shapes_and_86_53_M_parameters()
    {
        var tensors = Approved("vit-b", Classifier);
        Assert.Equal([768, 3, 2, 16, 16], tensors["patch_embed.proj.weight"]);
        Assert.Equal([3072, 768], tensors["blocks.11.mlp.fc1.weight"]);
        Assert.Equal([2304, 768], tensors["blocks.11.attn.qkv.weight"]);
        Assert.DoesNotContain("blocks.12.norm1.weight", tensors.Keys);
        Assert.DoesNotContain("norm.weight", tensors.Keys);   // the identity under mean pooling
        Assert.Equal([400, 768], tensors["head.weight"]);
        Assert.Equal(86.53, Millions(tensors.Values), 2);   // SPEC §1.1: ViT-B K400
    }

    [Fact]
    public void ViT_g_pretrain_snapshot_has_the_specified_shapes()
    {
        var tensors = Approved("vit-g", Pretrain);
        Assert.Equal([1408, 3, 2, 14, 14], tensors["encoder.patch_embed.proj.weight"]);
        Assert.Equal([6144, 1408], tensors["encoder.blocks.39.mlp.fc1.weight"]);
        Assert.Equal([512, 1408], tensors["encoder_to_decoder.weight"]);
        Assert.DoesNotContain("encoder_to_decoder.bias", tensors.Keys);
        Assert.Equal([1, 1, 512], tensors["mask_token"]);
        Assert.Equal([2234, 512], tensors["decoder.blocks.3.mlp.fc1.weight"]);
        Assert.Equal([1176, 512], tensors["decoder.head.weight"]);   // 3 · 2 · 14 · 14
        Assert.DoesNotContain(tensors.Keys, k => k.EndsWith("qkv.bias") || k.Contains("pos_embed"));
    }
}
