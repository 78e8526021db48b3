using System.Text.Json;
using System.Text.Json.Nodes;

namespace VideoMae.Training.Runs;

/// <summary>
/// Compares the settings a checkpoint was trained with against the settings of a resume, key by key (dotted paths
/// such as <c>run.batch_size</c>, <c>decoder.depth</c>, <c>data[0].stride</c>). A difference either changes the run
/// (architecture, schedule, batch, masking, loss, optimizer, data, seed, precision…: the resumed run would no longer
/// repeat the uninterrupted one) or is harmless (where and how fast it runs, how often it checkpoints or evaluates).
/// </summary>
public static class SettingsComparison
{
    /// <summary>Keys that do not change what a run computes, under any prefix (a distillation's <c>student.</c>).</summary>
    private static readonly HashSet<string> HarmlessKeys = new(StringComparer.Ordinal)
    {
        "run.workers", "run.cache_megabytes", "run.prefetch", "run.max_failure_fraction", "run.checkpoint_every",
        "run.max_steps", "run.device", "eval_every_epochs", "val", "test_views",
    };

    /// <summary>
    /// Keys added after checkpoints had been written, with the value that reproduces what such a checkpoint's run did:
    /// a stored settings text without the key compares as if it held that value (fine-tuning had no RandAugment and no
    /// erasing before they were settings), so an old run resumes when asked to go on the way it went.
    /// </summary>
    private static readonly Dictionary<string, string> IntroducedKeys = new(StringComparer.Ordinal)
    {
        ["rand_augment"] = "none", ["rand_augment_ops"] = "null", ["random_erasing"] = "0",
    };

    /// <summary>One key whose value differs; a key missing on one side shows as "(absent)".</summary>
    /// <param name="Key">Dotted path, e.g. <c>run.batch_size</c>.</param>
    /// <param name="Stored">The checkpoint's value (strings without quotes).</param>
    /// <param name="Current">The new value.</param>
    public sealed record Difference(string Key, string Stored, string Current)
    {
        /// <inheritdoc/>
        public override string ToString() => $"{Key} ({Stored} → {Current})";
    }

    /// <summary>The differing keys, in the order they appear in the stored settings (new keys last).</summary>
    /// <param name="Changing">Differences that make the resumed run another run.</param>
    /// <param name="Harmless">Differences a resume may take.</param>
    public sealed record Result(IReadOnlyList<Difference> Changing, IReadOnlyList<Difference> Harmless);

    /// <summary>Compares two settings JSON texts (a checkpoint's and a resume's).</summary>
    /// <exception cref="InvalidDataException">Either text is not a JSON object.</exception>
    public static Result Compare(string stored, string current)
    {
        var (before, after) = (Flatten(stored, "stored"), Flatten(current, "current"));
        var changing = new List<Difference>();
        var harmless = new List<Difference>();
        foreach (var key in before.Keys.Concat(after.Keys.Where(k => !before.ContainsKey(k))))
        {
            var (was, now) = (before.GetValueOrDefault(key) ?? Introduced(key) ?? Absent, after.GetValueOrDefault(key, Absent));
            if (was == now)
                continue;
            (IsHarmless(key) ? harmless : changing).Add(new Difference(key, was, now));
        }
        return new Result(changing, harmless);
    }

    /// <summary>
    /// The refusal of a resume whose settings change the run, e.g. "resume: the settings differ from the checkpoint's in
    /// run.batch_size (8 → 4), decoder.depth (2 → 1); start a new run with another --out, or undo the change".
    /// </summary>
    public static string Message(IReadOnlyList<Difference> changing)
    {
        ArgumentNullException.ThrowIfNull(changing);
        return $"resume: the settings differ from the checkpoint's in {string.Join(", ", changing)}; start a new run with another --out, or undo the change";
    }

    private const string Absent = "(absent)";

    private static string? Introduced(string key) =>
        IntroducedKeys.GetValueOrDefault(key.StartsWith("student.", StringComparison.Ordinal) ? key["student.".Length..] : key);

    private static bool IsHarmless(string key) =>
        HarmlessKeys.Contains(key) || (key.StartsWith("student.", StringComparison.Ordinal) && HarmlessKeys.Contains(key["student.".Length..]));

    /// <summary>
    /// The leaves of a settings JSON text in document order, each under its dotted path (<c>run.batch_size</c>,
    /// <c>data[0].stride</c>: objects by key, a list of records by position); strings without quotes, every other value
    /// as its JSON (<c>0.9</c>, <c>null</c>, <c>true</c>, a list of numbers or names as one value <c>["a","b"]</c>).
    /// </summary>
    /// <param name="json">The settings.</param>
    /// <param name="source">What the text is, for errors (e.g. a config.json's path).</param>
    /// <exception cref="InvalidDataException">The text is not a JSON object.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Leaves(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message})", e);
        }
        if (root is not JsonObject values)
            throw new InvalidDataException($"{source}: not a JSON object.");
        var leaves = new List<KeyValuePair<string, string>>();
        Add(values, "", leaves);
        return leaves;
    }

    private static Dictionary<string, string> Flatten(string json, string which) =>
        Leaves(json, $"the {which} settings").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static void Add(JsonNode? node, string path, List<KeyValuePair<string, string>> leaves)
    {
        switch (node)
        {
            case JsonObject values:
                foreach (var (key, child) in values)
                    Add(child, path.Length == 0 ? key : $"{path}.{key}", leaves);
                break;
            // A list of records (data sources) by position; a list of numbers or names is one value.
            case JsonArray items when items.Any(i => i is JsonObject):
                for (var i = 0; i < items.Count; i++)
                    Add(items[i], $"{path}[{i}]", leaves);
                if (items.Count == 0)
                    leaves.Add(new(path, "[]"));
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                leaves.Add(new(path, value.GetValue<string>()));
                break;
            default:
                leaves.Add(new(path, node?.ToJsonString() ?? "null"));
                break;
        }
    }
}
