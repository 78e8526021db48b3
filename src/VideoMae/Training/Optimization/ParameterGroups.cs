using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VideoMae.Training.Optimization;

/// <summary>
/// The reference's optimizer groups (SPEC §4.1, §5.2; optim_factory.py): no weight decay for 1-D parameters, names
/// ending in <c>.bias</c> or <c>.scale</c>, and a skip list; and, for fine-tuning, layer-wise learning-rate decay with
/// scales decay^(L+1−id), where the patch embedding has id 0, block i has id i+1 and everything after the blocks L+1.
/// </summary>
public static class ParameterGroups
{
    /// <summary>The skip list of pre-training: tokens and tables that never decay.</summary>
    public static readonly IReadOnlySet<string> PretrainingSkipList = new HashSet<string> { "pos_embed", "cls_token", "mask_token" };

    /// <summary>The skip list of fine-tuning.</summary>
    public static readonly IReadOnlySet<string> FineTuningSkipList = new HashSet<string> { "pos_embed", "cls_token" };

    /// <summary>Whether a parameter is exempt from weight decay.</summary>
    public static bool IsNoDecay(string name, Parameter parameter, IReadOnlySet<string> skipList) =>
        parameter.dim() == 1 || name.EndsWith(".bias", StringComparison.Ordinal) || name.EndsWith(".scale", StringComparison.Ordinal) ||
        skipList.Contains(LastSegment(name)) || skipList.Contains(name);

    /// <summary>Two groups, decay and no decay, every learning-rate scale 1 (pre-training).</summary>
    public static IReadOnlyList<ParameterGroup> DecayAndNoDecay(nn.Module model, double weightDecay, IReadOnlySet<string>? skipList = null) =>
        Build(model, weightDecay, skipList ?? PretrainingSkipList, _ => (0, 1.0));

    /// <summary>
    /// Layer-wise decay for a backbone of <paramref name="depth"/> blocks whose keys are <c>patch_embed.*</c>,
    /// <c>blocks.i.*</c> and later modules (the classifier's names); <paramref name="layerDecay"/> = 1 disables it.
    /// </summary>
    public static IReadOnlyList<ParameterGroup> LayerDecay(nn.Module model, int depth, double layerDecay, double weightDecay, IReadOnlySet<string>? skipList = null)
    {
        Require.Positive(depth, nameof(depth));
        if (!(layerDecay > 0 && layerDecay <= 1))
            throw new ArgumentException($"layer decay = {layerDecay}; expected a value in (0, 1].", nameof(layerDecay));
        return Build(model, weightDecay, skipList ?? FineTuningSkipList, name =>
        {
            var id = LayerId(name, depth);
            return (id, Math.Pow(layerDecay, depth + 1 - id));
        });
    }

    /// <summary>The layer id of a parameter for layer-wise decay: 0 for the embedding and tokens, i+1 for block i, depth+1 after.</summary>
    public static int LayerId(string name, int depth)
    {
        var root = name.Split('.')[0];
        if (root is "patch_embed" or "pos_embed" or "cls_token" or "mask_token")
            return 0;
        if (root == "blocks")
        {
            var parts = name.Split('.');
            if (parts.Length > 1 && int.TryParse(parts[1], out var i))
                return i + 1;
        }
        return depth + 1;
    }

    private static IReadOnlyList<ParameterGroup> Build(nn.Module model, double weightDecay, IReadOnlySet<string> skipList, Func<string, (int Layer, double Scale)> layerOf)
    {
        if (!(weightDecay >= 0))
            throw new ArgumentException($"weight decay = {weightDecay}; expected a value ≥ 0.", nameof(weightDecay));
        var groups = new SortedDictionary<(int Layer, bool NoDecay), (double Scale, List<(string, Parameter)> Parameters)>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!parameter.requires_grad)
                continue;
            var noDecay = IsNoDecay(name, parameter, skipList);
            var (layer, scale) = layerOf(name);
            if (!groups.TryGetValue((layer, noDecay), out var group))
                groups[(layer, noDecay)] = group = (scale, []);
            group.Parameters.Add((name, parameter));
        }
        return groups.Select(g => new ParameterGroup(
            $"layer_{g.Key.Layer}_{(g.Key.NoDecay ? "no_decay" : "decay")}", g.Value.Parameters, g.Value.Scale, g.Key.NoDecay ? 0 : weightDecay)).ToArray();
    }

    private static string LastSegment(string name) => name[(name.LastIndexOf('.') + 1)..];
}
