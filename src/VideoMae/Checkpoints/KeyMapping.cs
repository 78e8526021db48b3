using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace VideoMae.Checkpoints;

/// <summary>A state dict renamed to the official names, with what the renaming found out.</summary>
/// <param name="Tensors">Official names → tensors, in the checkpoint's order (a merged <c>qkv</c> takes its query's place).</param>
/// <param name="Naming">The naming scheme detected in the checkpoint.</param>
/// <param name="Notes">Facts a user should know about the conversion (dropped key biases, the port's LayerNorm eps).</param>
public sealed record MappedStateDict(IReadOnlyDictionary<string, Tensor> Tensors, KeyNaming Naming, IReadOnlyList<string> Notes);

/// <summary>
/// Renames a checkpoint's keys to this library's (= the official) names, SPEC §5.2 and §8. The result uses the
/// official fine-tuning names for the backbone (<c>patch_embed.*</c>, <c>blocks.i.*</c>, <c>norm.*</c> for the
/// pre-training encoder's final norm, <c>fc_norm.*</c>, <c>head.*</c>) and the official pre-training names for the
/// rest (<c>decoder.*</c>, <c>encoder_to_decoder.weight</c>, <c>mask_token</c>); <see cref="CheckpointLoader"/> adds
/// the <c>encoder.</c> prefix back where the target model has it.
/// </summary>
/// <remarks>
/// Handled: the container prefixes <c>_orig_mod.</c> (torch.compile), <c>module.</c> (DDP/DeepSpeed), <c>model.</c>
/// (the V2 Hugging Face custom-code repos), <c>backbone.</c> (MMAction2) and <c>encoder.</c> (pre-training), stripped
/// from the front of each key in any order; the Hugging Face <c>VideoMAE*</c> names with query/key/value concatenated
/// back into <c>qkv.weight</c>; the MMAction2 names. Keys no rule recognises pass through unchanged, so the load report
/// can name them.
/// </remarks>
public static partial class KeyMapping
{
    private static readonly string[] StrippedPrefixes = ["_orig_mod.", "module.", "model.", "backbone.", "encoder."];

    // Hugging Face per-layer sub-names → official block sub-names (SPEC §8.2); query/key/value are merged separately.
    private static readonly (string Hf, string Official)[] HfLayerNames =
    [
        ("attention.attention.q_bias", "attn.q_bias"),
        ("attention.attention.v_bias", "attn.v_bias"),
        // transformers v5 keeps the biases on the projections; the query and value ones are q_bias and v_bias.
        ("attention.attention.query.bias", "attn.q_bias"),
        ("attention.attention.value.bias", "attn.v_bias"),
        ("attention.output.dense.", "attn.proj."),
        ("layernorm_before.", "norm1."),
        ("layernorm_after.", "norm2."),
        ("intermediate.dense.", "mlp.fc1."),
        ("output.dense.", "mlp.fc2."),
    ];

    private static readonly (string MmAction, string Official)[] MmActionNames =
    [
        ("patch_embed.projection.", "patch_embed.proj."),
        ("mlp.layers.0.0.", "mlp.fc1."),
        ("mlp.layers.1.", "mlp.fc2."),
        ("cls_head.fc_cls.", "head."),
    ];

    private static readonly string[] QkvParts = ["query", "key", "value"];

    /// <summary>
    /// The state dict under official names. The tensors are <paramref name="stateDict"/>'s own, except each merged
    /// <c>qkv.weight</c>, which is new and joins the current dispose scope. Nothing is copied otherwise.
    /// </summary>
    /// <param name="stateDict">Checkpoint keys → tensors, as <see cref="PthReader"/> or <see cref="Safetensors"/> return them.</param>
    /// <param name="source">Names the checkpoint in error messages.</param>
    /// <exception cref="InvalidDataException">Two keys map to the same official name.</exception>
    public static MappedStateDict ToOfficial(IReadOnlyDictionary<string, Tensor> stateDict, string source = "checkpoint")
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var naming = Detect(stateDict.Keys);
        var notes = new List<string>();
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        // Query/key/value weights per official qkv key, merged once all three are seen.
        var qkvParts = new Dictionary<string, Dictionary<string, (string Key, Tensor Value)>>(StringComparer.Ordinal);
        void Add(string official, string original, Tensor value)
        {
            if (!origins.TryAdd(official, original))
                throw new InvalidDataException($"{source}: the keys '{origins[official]}' and '{original}' both map to '{official}'; expected one tensor per parameter.");
            result.Add(official, value);
        }

        foreach (var (key, value) in stateDict)
        {
            var name = MapOne(key);
            if (HfQkv().Match(name) is { Success: true } qkv)
            {
                var official = $"{qkv.Groups["prefix"].Value}attn.qkv.weight";
                if (!qkvParts.TryGetValue(official, out var parts))
                {
                    qkvParts[official] = parts = new(StringComparer.Ordinal);
                    // Reserve the position so the merged weight keeps the checkpoint's order.
                    Add(official, key, value);
                }
                parts[qkv.Groups["part"].Value] = (key, value);
                continue;
            }
            if (HfKeyBias().IsMatch(name))
            {
                // A key bias adds q·b_k to every score of a query alike, which softmax cancels: it cannot change outputs.
                notes.Add($"'{key}' dropped: the attention's key bias cancels in the softmax (this library fixes it at zero).");
                continue;
            }
            Add(name, key, value);
        }
        foreach (var (official, parts) in qkvParts)
            MergeQkv(result, origins, official, parts, notes);
        if (naming == KeyNaming.HuggingFace)
            notes.Add("Hugging Face port: it runs its encoder LayerNorms with eps 1e-12 and fc_norm with 1e-5; this library uses the original 1e-6, so outputs differ from the port's in the last digits.");
        return new MappedStateDict(result, naming, notes);
    }

    /// <summary>The official name of one checkpoint key, without merging query/key/value (those keep an HF-style name).</summary>
    public static string MapOne(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = StripPrefixes(key);
        if (name.StartsWith("videomae.", StringComparison.Ordinal))
            name = MapHfBackbone(name["videomae.".Length..]);
        else if (name.StartsWith("decoder.decoder_layers.", StringComparison.Ordinal))
            name = "decoder." + MapHfLayer(name["decoder.decoder_layers.".Length..]);
        else if (name.StartsWith("classifier.", StringComparison.Ordinal))
            name = "head." + name["classifier.".Length..];
        foreach (var (from, to) in MmActionNames)
            name = name.Replace(from, to, StringComparison.Ordinal);
        // MMAction2 keeps the backbone behind "backbone." and the head outside it; a second pass catches what the renaming exposed.
        return StripPrefixes(name);
    }

    /// <summary>The naming scheme of a set of keys: Hugging Face or MMAction2 when any key carries one of their marks, else official.</summary>
    public static KeyNaming Detect(IEnumerable<string> keys)
    {
        var stripped = keys.Select(StripPrefixes).ToList();
        if (stripped.Any(k => k.StartsWith("videomae.", StringComparison.Ordinal) || k.StartsWith("decoder.decoder_layers.", StringComparison.Ordinal) || k.StartsWith("classifier.", StringComparison.Ordinal)))
            return KeyNaming.HuggingFace;
        if (stripped.Any(k => MmActionNames.Any(n => k.Contains(n.MmAction, StringComparison.Ordinal))))
            return KeyNaming.MmAction2;
        return KeyNaming.Official;
    }

    private static string StripPrefixes(string key)
    {
        var stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var prefix in StrippedPrefixes)
                if (key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length)
                {
                    key = key[prefix.Length..];
                    stripped = true;
                }
        }
        return key;
    }

    // "embeddings…", "encoder.layer.i.…" or "layernorm.…" after "videomae.".
    private static string MapHfBackbone(string name)
    {
        if (name.StartsWith("embeddings.patch_embeddings.projection.", StringComparison.Ordinal))
            return "patch_embed.proj." + name["embeddings.patch_embeddings.projection.".Length..];
        if (name.StartsWith("encoder.layer.", StringComparison.Ordinal))
            return MapHfLayer(name["encoder.layer.".Length..]);
        if (name.StartsWith("layernorm.", StringComparison.Ordinal))
            return "norm." + name["layernorm.".Length..];
        return "videomae." + name;
    }

    // "i.<sub-name>" of one HF layer → "blocks.i.<official sub-name>".
    private static string MapHfLayer(string name)
    {
        var dot = name.IndexOf('.');
        if (dot <= 0 || !int.TryParse(name.AsSpan(0, dot), out _))
            return name;
        var (index, sub) = (name[..dot], name[(dot + 1)..]);
        foreach (var (hf, official) in HfLayerNames)
            if (sub.StartsWith(hf, StringComparison.Ordinal))
                return $"blocks.{index}.{official}{sub[hf.Length..]}";
        // Query/key/value weights keep their HF sub-name until merged; anything else is left for the report.
        return $"blocks.{index}.{sub}";
    }

    private static void MergeQkv(OrderedDictionary<string, Tensor> result, Dictionary<string, string> origins, string official,
        Dictionary<string, (string Key, Tensor Value)> parts, List<string> notes)
    {
        var present = QkvParts.Where(parts.ContainsKey).ToList();
        var shapes = present.Select(p => parts[p].Value.shape).ToList();
        var complete = present.Count == 3 && shapes.All(s => s.Length == 2 && s.SequenceEqual(shapes[0])) && shapes[0][0] == shapes[0][1];
        var index = result.IndexOf(official);
        result.Remove(official);
        origins.Remove(official);
        if (complete)
        {
            // Rows [0:D) query, [D:2D) key, [2D:3D) value (SPEC §8.1); heads stay contiguous inside each third.
            result.Insert(index, official, cat(QkvParts.Select(p => parts[p].Value).ToList(), 0));
            origins[official] = string.Join(" + ", QkvParts.Select(p => parts[p].Key));
            return;
        }
        // Incomplete or inconsistent: keep the originals so the report names them, and say why no qkv was built.
        foreach (var part in present)
            result.Insert(index++, parts[part].Key, parts[part].Value);
        notes.Add($"'{official}' not assembled: expected query, key and value weights of one square shape [D, D], found " +
                  string.Join(", ", present.Select(p => $"{p} [{string.Join(", ", parts[p].Value.shape)}]")) + ".");
    }

    [GeneratedRegex(@"^(?<prefix>(decoder\.)?blocks\.\d+\.)attention\.attention\.(?<part>query|key|value)\.weight$")]
    private static partial Regex HfQkv();

    [GeneratedRegex(@"^(decoder\.)?blocks\.\d+\.attention\.attention\.key\.bias$")]
    private static partial Regex HfKeyBias();
}
