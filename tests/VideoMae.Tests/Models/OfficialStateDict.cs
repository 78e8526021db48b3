namespace VideoMae.Tests.Models;

/// <summary>The key template of SPEC §8.1 (the official repository's state dicts), filled in for one architecture.</summary>
internal static class OfficialStateDict
{
    /// <summary>The pre-training autoencoder's keys (pretrain_videomae_*).</summary>
    public static IEnumerable<(string Key, long[] Shape)> Pretrain(Architecture a)
    {
        foreach (var entry in Backbone("encoder.", a))
            yield return entry;
        yield return ("encoder.norm.weight", [a.Width]);
        yield return ("encoder.norm.bias", [a.Width]);
        yield return ("encoder_to_decoder.weight", [a.DecoderWidth, a.Width]);   // no bias
        yield return ("mask_token", [1, 1, a.DecoderWidth]);
        for (var j = 0; j < a.DecoderDepth; j++)
            foreach (var entry in Block($"decoder.blocks.{j}.", a.DecoderWidth, a.DecoderMlpHidden))
                yield return entry;
        yield return ("decoder.norm.weight", [a.DecoderWidth]);
        yield return ("decoder.norm.bias", [a.DecoderWidth]);
        yield return ("decoder.head.weight", [a.TubeletPixels, a.DecoderWidth]);
        yield return ("decoder.head.bias", [a.TubeletPixels]);
    }

    /// <summary>The fine-tuning model's keys (vit_*_patch*_224): no <c>norm.*</c> under mean pooling.</summary>
    public static IEnumerable<(string Key, long[] Shape)> Classifier(Architecture a, int classes)
    {
        foreach (var entry in Backbone("", a))
            yield return entry;
        yield return ("fc_norm.weight", [a.Width]);
        yield return ("fc_norm.bias", [a.Width]);
        yield return ("head.weight", [classes, a.Width]);
        yield return ("head.bias", [classes]);
    }

    private static IEnumerable<(string Key, long[] Shape)> Backbone(string prefix, Architecture a)
    {
        yield return ($"{prefix}patch_embed.proj.weight", [a.Width, 3, 2, a.Patch, a.Patch]);
        yield return ($"{prefix}patch_embed.proj.bias", [a.Width]);
        for (var i = 0; i < a.Depth; i++)
            foreach (var entry in Block($"{prefix}blocks.{i}.", a.Width, a.MlpHidden))
                yield return entry;
    }

    // qkv has no bias key: q_bias and v_bias are separate parameters and the key bias is a fixed zero.
    private static IEnumerable<(string Key, long[] Shape)> Block(string prefix, int d, int hidden) =>
    [
        ($"{prefix}norm1.weight", [d]), ($"{prefix}norm1.bias", [d]),
        ($"{prefix}attn.q_bias", [d]), ($"{prefix}attn.v_bias", [d]),
        ($"{prefix}attn.qkv.weight", [3 * d, d]),
        ($"{prefix}attn.proj.weight", [d, d]), ($"{prefix}attn.proj.bias", [d]),
        ($"{prefix}norm2.weight", [d]), ($"{prefix}norm2.bias", [d]),
        ($"{prefix}mlp.fc1.weight", [hidden, d]), ($"{prefix}mlp.fc1.bias", [hidden]),
        ($"{prefix}mlp.fc2.weight", [d, hidden]), ($"{prefix}mlp.fc2.bias", [d]),
    ];
}
