using VideoMae.Checkpoints;
using VideoMae.Models;
using static TorchSharp.torch;

namespace VideoMae.Training;

/// <summary>
/// Initialises a fine-tuning classifier from a pre-training or fine-tuning checkpoint as the reference does (SPEC §5.2):
/// keys go through <see cref="KeyMapping"/> (official, Hugging Face or MMAction2 names; wrapper and <c>encoder.</c>
/// prefixes stripped), the decoder, the encoder's final norm and the mask token are left out, and the head is kept only
/// when it fits — directly, or re-mapped through a label map (entry i = the checkpoint's head row for class i here, SPEC
/// §5.1); a head of another size starts fresh. Any other shape mismatch means the wrong architecture and is refused
/// before anything is copied.
/// </summary>
public static class ClassifierInitialisation
{
    /// <summary>Loads <paramref name="checkpoint"/> (.safetensors or .pth) into <paramref name="model"/>, non-strictly.</summary>
    public static LoadReport Load(VideoClassifier model, string checkpoint, IReadOnlyList<int>? labelMap = null)
    {
        using var scope = NewDisposeScope();
        var file = CheckpointFile.Read(checkpoint);
        CheckHeads(model, file, checkpoint);
        var mapped = KeyMapping.ToOfficial(file.Tensors, checkpoint);
        var tensors = new Dictionary<string, Tensor>(mapped.Tensors, StringComparer.Ordinal);
        var expected = model.state_dict();
        var notes = new List<string>(mapped.Notes);
        if (labelMap is not null)
            SelectHeadRows(tensors, labelMap, checkpoint);
        foreach (var key in new[] { "head.weight", "head.bias" })
            if (tensors.TryGetValue(key, out var head) && !head.shape.SequenceEqual(expected[key].shape))
            {
                tensors.Remove(key);
                notes.Add($"{key} [{string.Join(", ", head.shape)}] left out: the head here has {model.Classes} classes and starts fresh.");
            }
        var wrong = tensors.Where(p => expected.TryGetValue(p.Key, out var t) && !t.shape.SequenceEqual(p.Value.shape)).Select(p => p.Key).FirstOrDefault();
        if (wrong is not null)
            throw new InvalidDataException(
                $"{checkpoint}: '{wrong}' has shape [{string.Join(", ", tensors[wrong].shape)}] but the model expects [{string.Join(", ", expected[wrong].shape)}]; is --model the checkpoint's architecture?");
        var report = CheckpointLoader.Load(model, mapped with { Tensors = tensors, Notes = notes }, strict: false, source: checkpoint);
        if (report.Loaded.Count == 0)
            throw new InvalidDataException($"{report.Describe()}; none of its tensors is a classifier weight.");
        return report;
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

    // Heads show in no tensor shape, so a checkpoint of another head count would load silently into another model;
    // the files this library writes say theirs in the metadata.
    private static void CheckHeads(VideoClassifier model, CheckpointFile file, string checkpoint)
    {
        if (file.Metadata.TryGetValue(ArchitectureInference.MetadataKeys.Heads, out var text)
            && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var heads) && heads != model.Config.NumHeads)
            throw new ArgumentException(
                $"{checkpoint} was trained with {heads} encoder heads but the model here has {model.Config.NumHeads}; set encoder.num_heads (--heads) to {heads}.");
    }

    private static void SelectHeadRows(Dictionary<string, Tensor> tensors, IReadOnlyList<int> rows, string checkpoint)
    {
        if (!tensors.TryGetValue("head.weight", out var weight) || !tensors.TryGetValue("head.bias", out var bias))
            throw new InvalidDataException($"{checkpoint}: a label map was given but the checkpoint has no classifier head (head.weight, head.bias).");
        var classes = weight.shape[0];
        foreach (var bad in rows.Where(r => r < 0 || r >= classes).Take(1))
            throw new InvalidDataException($"label map entry {bad} is outside the {classes} classes of {checkpoint}'s head; expected rows in [0, {classes}).");
        var index = tensor(rows.Select(r => (long)r).ToArray());
        tensors["head.weight"] = weight.index_select(0, index);
        tensors["head.bias"] = bias.index_select(0, index);
    }
}
