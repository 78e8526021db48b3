using VideoMae.Checkpoints;
using VideoMae.Models;
using static TorchSharp.torch;

namespace VideoMae.Training;

/// <summary>What loading initial weights into a classifier did.</summary>
/// <param name="Loaded">Classifier keys filled from the checkpoint.</param>
/// <param name="Fresh">Classifier keys the checkpoint did not provide (fc_norm and head after pre-training).</param>
/// <param name="Ignored">Checkpoint keys the classifier has no use for (decoder, encoder norm, mask token, ...).</param>
public sealed record InitialisationReport(IReadOnlyList<string> Loaded, IReadOnlyList<string> Fresh, IReadOnlyList<string> Ignored)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Loaded.Count} tensors loaded, {Fresh.Count} fresh ({string.Join(", ", Fresh.Take(4))}{(Fresh.Count > 4 ? ", ..." : "")}), {Ignored.Count} ignored";
}

/// <summary>
/// Initialises a fine-tuning classifier from a pre-training or fine-tuning checkpoint as the reference does (SPEC §5.2):
/// take the encoder's weights (stripping <c>encoder.</c> and wrapper prefixes), drop the decoder, the encoder's final
/// norm and the mask token, and keep the head only when it fits — directly, or re-mapped through a label map (entry i =
/// the checkpoint's head row for class i here, SPEC §5.1). Every shape is checked before anything is copied.
/// </summary>
public static class ClassifierInitialisation
{
    private static readonly string[] WrapperPrefixes = ["_orig_mod.", "module.", "model.", "backbone.", "encoder."];

    /// <summary>Loads <paramref name="checkpoint"/> (.safetensors or .pth) into <paramref name="model"/>.</summary>
    public static InitialisationReport Load(VideoClassifier model, string checkpoint, IReadOnlyList<int>? labelMap = null)
    {
        if (!File.Exists(checkpoint))
            throw new FileNotFoundException($"{checkpoint}: no such checkpoint to initialise from.", checkpoint);
        using var scope = NewDisposeScope();
        var source = checkpoint.EndsWith(".pth", StringComparison.OrdinalIgnoreCase) || checkpoint.EndsWith(".pt", StringComparison.OrdinalIgnoreCase)
            ? PthReader.LoadStateDict(checkpoint)
            : Safetensors.Load(checkpoint);
        var renamed = new Dictionary<string, Tensor>();
        foreach (var (key, value) in source)
            renamed[StripPrefixes(key)] = value;
        var targets = model.state_dict();
        var ignored = renamed.Keys.Where(k => !targets.ContainsKey(k)).Order().ToList();
        if (labelMap is not null)
            RemapHead(renamed, labelMap, checkpoint);
        var loaded = new List<string>();
        var plan = new List<(Tensor Target, Tensor Source)>();
        foreach (var (key, target) in targets)
        {
            if (!renamed.TryGetValue(key, out var value))
                continue;
            if (!value.shape.SequenceEqual(target.shape))
            {
                if (key.StartsWith("head.", StringComparison.Ordinal))
                {
                    ignored.Add(key);
                    continue;   // a head for other classes starts fresh, as the reference does
                }
                throw new InvalidDataException(
                    $"{checkpoint}: '{key}' has shape [{string.Join(", ", value.shape)}] but the model expects [{string.Join(", ", target.shape)}]; is --model the checkpoint's architecture?");
            }
            plan.Add((target, value));
            loaded.Add(key);
        }
        if (loaded.Count == 0)
            throw new InvalidDataException($"{checkpoint}: none of its {source.Count} tensors matches the classifier's keys (e.g. {string.Join(", ", source.Keys.Take(3))}).");
        using (no_grad())
            foreach (var (target, value) in plan)
                target.copy_(value);
        var fresh = targets.Keys.Where(k => !loaded.Contains(k)).ToList();
        return new InitialisationReport(loaded, fresh, ignored);
    }

    /// <summary>A label map file: a JSON array of head rows.</summary>
    public static int[] ReadLabelMap(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such label map.", path);
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<int[]>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty label map.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path}: expected a JSON array of integers (entry i = the checkpoint's head row for class i) ({e.Message}).", e);
        }
    }

    private static string StripPrefixes(string key)
    {
        var stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var prefix in WrapperPrefixes)
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    key = key[prefix.Length..];
                    stripped = true;
                }
        }
        return key;
    }

    private static void RemapHead(Dictionary<string, Tensor> weights, IReadOnlyList<int> labelMap, string checkpoint)
    {
        if (!weights.TryGetValue("head.weight", out var weight) || !weights.TryGetValue("head.bias", out var bias))
            throw new InvalidDataException($"{checkpoint}: a label map was given but the checkpoint has no classifier head (head.weight, head.bias).");
        var rows = weight.shape[0];
        var bad = labelMap.FirstOrDefault(i => i < 0 || i >= rows, -1);
        if (labelMap.Any(i => i < 0 || i >= rows))
            throw new InvalidDataException($"label map entry {bad} is outside the checkpoint head's {rows} classes.");
        using var index = tensor(labelMap.Select(i => (long)i).ToArray());
        weights["head.weight"] = weight.index_select(0, index);
        weights["head.bias"] = bias.index_select(0, index);
    }
}
