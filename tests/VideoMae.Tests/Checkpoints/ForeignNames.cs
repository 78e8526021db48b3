using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace VideoMae.Tests.Checkpoints;

/// <summary>
/// Renames an official state dict the way other ports name it, written from the tables of SPEC §8.2 (Hugging Face
/// transformers VideoMAE*) and §8.3 (MMAction2), so tests can check the loader maps them back.
/// </summary>
internal static partial class ForeignNames
{
    /// <summary>
    /// The Hugging Face names; qkv.weight is split into query/key/value rows. With <paramref name="transformersV5"/>,
    /// q_bias/v_bias become query.bias/value.bias and a key bias (<paramref name="keyBias"/>) is added, as transformers v5 stores them.
    /// </summary>
    public static Dictionary<string, Tensor> HuggingFace(IReadOnlyDictionary<string, Tensor> official, bool transformersV5 = false, Tensor? keyBias = null)
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (key, value) in official)
        {
            var name = key.StartsWith("encoder.", StringComparison.Ordinal) ? key["encoder.".Length..] : key;
            if (name.StartsWith("patch_embed.proj.", StringComparison.Ordinal))
                result["videomae.embeddings.patch_embeddings.projection." + name["patch_embed.proj.".Length..]] = value;
            else if (Layer().Match(name) is { Success: true } m)
            {
                var prefix = m.Groups["decoder"].Success ? $"decoder.decoder_layers.{m.Groups["i"].Value}." : $"videomae.encoder.layer.{m.Groups["i"].Value}.";
                var sub = m.Groups["sub"].Value;
                if (sub == "attn.qkv.weight")
                {
                    var d = value.shape[1];
                    result[prefix + "attention.attention.query.weight"] = value[..(int)d];
                    result[prefix + "attention.attention.key.weight"] = value[(int)d..(int)(2 * d)];
                    result[prefix + "attention.attention.value.weight"] = value[(int)(2 * d)..];
                    if (transformersV5)
                        result[prefix + "attention.attention.key.bias"] = keyBias ?? zeros(d);
                    continue;
                }
                result[prefix + SubName(sub, transformersV5)] = value;
            }
            else if (name.StartsWith("norm.", StringComparison.Ordinal))
                result["videomae.layernorm." + name["norm.".Length..]] = value;
            else if (name.StartsWith("head.", StringComparison.Ordinal))
                result["classifier." + name["head.".Length..]] = value;
            else
                result[name] = value;   // fc_norm, decoder.norm, decoder.head, encoder_to_decoder, mask_token
        }
        return result;
    }

    /// <summary>The MMAction2 names: backbone.* with patch_embed.projection and mlp.layers, cls_head.fc_cls for the head.</summary>
    public static Dictionary<string, Tensor> MmAction2(IReadOnlyDictionary<string, Tensor> official) =>
        official.ToDictionary(
            p => p.Key.StartsWith("head.", StringComparison.Ordinal)
                ? "cls_head.fc_cls." + p.Key["head.".Length..]
                : "backbone." + p.Key.Replace("patch_embed.proj.", "patch_embed.projection.").Replace("mlp.fc1.", "mlp.layers.0.0.").Replace("mlp.fc2.", "mlp.layers.1."),
            p => p.Value);

    private static string SubName(string sub, bool v5) => sub switch
    {
        "attn.q_bias" => v5 ? "attention.attention.query.bias" : "attention.attention.q_bias",
        "attn.v_bias" => v5 ? "attention.attention.value.bias" : "attention.attention.v_bias",
        _ when sub.StartsWith("attn.proj.", StringComparison.Ordinal) => "attention.output.dense." + sub["attn.proj.".Length..],
        _ when sub.StartsWith("norm1.", StringComparison.Ordinal) => "layernorm_before." + sub["norm1.".Length..],
        _ when sub.StartsWith("norm2.", StringComparison.Ordinal) => "layernorm_after." + sub["norm2.".Length..],
        _ when sub.StartsWith("mlp.fc1.", StringComparison.Ordinal) => "intermediate.dense." + sub["mlp.fc1.".Length..],
        _ when sub.StartsWith("mlp.fc2.", StringComparison.Ordinal) => "output.dense." + sub["mlp.fc2.".Length..],
        _ => throw new ArgumentException($"no Hugging Face name for block key '{sub}'."),
    };

    [GeneratedRegex(@"^(?<decoder>decoder\.)?blocks\.(?<i>\d+)\.(?<sub>.+)$")]
    private static partial Regex Layer();
}
