using VideoMae.Checkpoints;
using VideoMae.Config;
using VideoMae.Data.Datasets;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Training;
using VideoMae.Training.Settings;
using static TorchSharp.torch;

namespace VideoMae.Tests.Training;

public class ProgressiveTrainingTests
{
    private static string List(string folder, string name) => Path.Combine(folder, name);

    [Fact]
    public void Two_labelled_sources_merge_into_one_label_space_by_class_name()
    {
        var merged = LabelledSets.Train(
            [new VideoSource(List(SyntheticSets.Motion, "train.txt")), new VideoSource(List(SyntheticSets.MotionAlt, "train.txt"))],
            List(SyntheticSets.MotionAlt, "label_merge.json"));
        // 12 motion classes + 8 alternative ones, 5 of which are motion classes under other names.
        Assert.Equal(15, merged.Labels!.Classes.Count);
        var alt = LabelSpace.Read(List(SyntheticSets.MotionAlt, "classes.txt"));
        var altFirst = ListFile.Read(List(SyntheticSets.MotionAlt, "train.txt")).First(e => alt.Classes[e.Label] == "sliding left");
        Assert.Equal(merged.Labels.IndexOf("move left"), merged.Items.Single(i => i.Path == altFirst.Path).Label);
        // A validation list of one source is re-labelled into the merged space.
        var val = LabelledSets.Validation(List(SyntheticSets.MotionAlt, "val.txt"), merged, mergeMap: List(SyntheticSets.MotionAlt, "label_merge.json"));
        var ownLabels = ListFile.Read(List(SyntheticSets.MotionAlt, "val.txt")).ToDictionary(e => e.Path, e => alt.Classes[e.Label]);
        Assert.All(val.Items, i =>
        {
            var own = ownLabels[i.Path];
            var canonical = own switch { "sliding left" => "move left", "sliding right" => "move right", "turning clockwise" => "rotate clockwise", "expanding" => "grow", "vanishing" => "disappear", _ => own };
            Assert.Equal(canonical, merged.Labels.Classes[i.Label]);
        });
    }

    [Fact]
    public void Specific_fine_tuning_takes_the_post_pre_trained_head_rows_through_the_label_map()
    {
        TorchRuntime.EnsureLoaded();
        var config = Presets.Tiny.Encoder;
        var folder = SyntheticSets.NewRunFolder("head-map");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "merged.safetensors");
        manual_seed(9);
        using (var merged = new VideoClassifier(config, classes: 15))
        using (NewDisposeScope())
            Safetensors.Save(path, merged.state_dict());
        using var source = new DisposableDictionary(Safetensors.Load(path).ToDictionary());
        int[] map = [4, 0, 14];   // entry i = the merged head's row for class i of the target set
        using var target = new VideoClassifier(config, classes: 3);
        var report = ClassifierInitialisation.Load(target, path, map);
        Assert.Empty(report.Missing);
        var state = target.state_dict();
        for (var i = 0; i < map.Length; i++)
        {
            Assert.True(equal(state["head.weight"][i], source.Tensors["head.weight"][map[i]]).all().item<bool>());
            Assert.Equal(source.Tensors["head.bias"][map[i]].item<float>(), state["head.bias"][i].item<float>());
        }
        Assert.True(equal(state["blocks.1.mlp.fc2.weight"], source.Tensors["blocks.1.mlp.fc2.weight"]).all().item<bool>());
    }

    [Fact]
    public void Without_a_label_map_a_head_of_another_size_starts_fresh_and_a_wrong_backbone_is_refused()
    {
        TorchRuntime.EnsureLoaded();
        var folder = SyntheticSets.NewRunFolder("head-fresh");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "seven.safetensors");
        using (var seven = new VideoClassifier(Presets.Tiny.Encoder, classes: 7))
        using (NewDisposeScope())
            Safetensors.Save(path, seven.state_dict());
        using var three = new VideoClassifier(Presets.Tiny.Encoder, classes: 3);
        var report = ClassifierInitialisation.Load(three, path);
        Assert.Contains("head.weight", report.Missing);
        Assert.Contains(report.Notes, n => n.Contains("starts fresh"));

        using var wider = new VideoClassifier(Presets.Tiny.Encoder with { EmbedDim = 128 }, classes: 7);
        var before = wider.state_dict()["blocks.0.attn.qkv.weight"].clone();
        var e = Assert.Throws<InvalidDataException>(() => ClassifierInitialisation.Load(wider, path));
        Assert.Contains("--model", e.Message);
        Assert.True(equal(before, wider.state_dict()["blocks.0.attn.qkv.weight"]).all().item<bool>());
    }

    private sealed class DisposableDictionary(Dictionary<string, Tensor> tensors) : IDisposable
    {
        public Dictionary<string, Tensor> Tensors { get; } = tensors;

        public void Dispose()
        {
            foreach (var t in Tensors.Values)
                t.Dispose();
        }
    }
}
