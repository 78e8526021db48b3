using TorchSharp;
using VideoMae.Checkpoints;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Tests.Checkpoints;

public sealed class KeyMappingTests : IDisposable
{
    private readonly DisposeScope _scope;

    public KeyMappingTests()
    {
        TorchRuntime.EnsureLoaded();
        _scope = NewDisposeScope();
    }

    public void Dispose() => _scope.Dispose();

    [Theory]
    [InlineData("blocks.0.attn.q_bias", "blocks.0.attn.q_bias")]
    [InlineData("_orig_mod.module.encoder.blocks.3.mlp.fc1.weight", "blocks.3.mlp.fc1.weight")]
    [InlineData("module._orig_mod.patch_embed.proj.bias", "patch_embed.proj.bias")]
    [InlineData("model.fc_norm.weight", "fc_norm.weight")]
    [InlineData("encoder.norm.weight", "norm.weight")]
    [InlineData("encoder_to_decoder.weight", "encoder_to_decoder.weight")]
    [InlineData("decoder.blocks.1.norm2.bias", "decoder.blocks.1.norm2.bias")]
    [InlineData("videomae.embeddings.patch_embeddings.projection.weight", "patch_embed.proj.weight")]
    [InlineData("videomae.encoder.layer.11.attention.output.dense.bias", "blocks.11.attn.proj.bias")]
    [InlineData("videomae.encoder.layer.2.layernorm_before.weight", "blocks.2.norm1.weight")]
    [InlineData("videomae.encoder.layer.2.layernorm_after.bias", "blocks.2.norm2.bias")]
    [InlineData("videomae.encoder.layer.0.intermediate.dense.weight", "blocks.0.mlp.fc1.weight")]
    [InlineData("videomae.encoder.layer.0.output.dense.weight", "blocks.0.mlp.fc2.weight")]
    [InlineData("videomae.encoder.layer.0.attention.attention.v_bias", "blocks.0.attn.v_bias")]
    [InlineData("videomae.encoder.layer.0.attention.attention.query.bias", "blocks.0.attn.q_bias")]
    [InlineData("videomae.layernorm.bias", "norm.bias")]
    [InlineData("classifier.weight", "head.weight")]
    [InlineData("decoder.decoder_layers.3.attention.output.dense.weight", "decoder.blocks.3.attn.proj.weight")]
    [InlineData("backbone.patch_embed.projection.weight", "patch_embed.proj.weight")]
    [InlineData("backbone.blocks.5.mlp.layers.0.0.bias", "blocks.5.mlp.fc1.bias")]
    [InlineData("backbone.blocks.5.mlp.layers.1.weight", "blocks.5.mlp.fc2.weight")]
    [InlineData("cls_head.fc_cls.bias", "head.bias")]
    [InlineData("something.else", "something.else")]
    public void One_key_maps_to_its_official_name(string key, string official) => Assert.Equal(official, KeyMapping.MapOne(key));

    [Fact]
    public void Query_key_and_value_rows_are_stacked_into_qkv_in_the_checkpoints_order()
    {
        var p = "videomae.encoder.layer.0.attention.attention.";
        var sd = new Dictionary<string, Tensor>
        {
            ["videomae.embeddings.patch_embeddings.projection.bias"] = zeros(2),
            [p + "value.weight"] = full(2, 2, 3f),
            [p + "query.weight"] = full(2, 2, 1f),
            [p + "key.weight"] = full(2, 2, 2f),
            [p + "q_bias"] = zeros(2),
        };
        var mapped = KeyMapping.ToOfficial(sd);
        Assert.Equal(KeyNaming.HuggingFace, mapped.Naming);
        Assert.Equal(["patch_embed.proj.bias", "blocks.0.attn.qkv.weight", "blocks.0.attn.q_bias"], mapped.Tensors.Keys);
        Assert.Equal(new float[] { 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3 }, mapped.Tensors["blocks.0.attn.qkv.weight"].data<float>().ToArray());
    }

    [Fact]
    public void An_incomplete_query_key_value_set_is_left_for_the_report_with_a_note()
    {
        var p = "videomae.encoder.layer.0.attention.attention.";
        var mapped = KeyMapping.ToOfficial(new Dictionary<string, Tensor> { [p + "query.weight"] = zeros(2, 2), [p + "key.weight"] = zeros(2, 2) });
        Assert.DoesNotContain("blocks.0.attn.qkv.weight", mapped.Tensors.Keys);
        Assert.Equal(2, mapped.Tensors.Count);
        Assert.Contains(mapped.Notes, n => n.Contains("not assembled") && n.Contains("query [2, 2], key [2, 2]"));
    }

    [Fact]
    public void Two_keys_for_one_parameter_are_refused()
    {
        var sd = new Dictionary<string, Tensor> { ["module.head.bias"] = zeros(2), ["head.bias"] = zeros(2) };
        var e = Assert.Throws<InvalidDataException>(() => KeyMapping.ToOfficial(sd, "twice.pth"));
        Assert.Contains("'module.head.bias' and 'head.bias' both map to 'head.bias'", e.Message);
    }

    [Fact]
    public void Official_and_mmaction_namings_are_detected()
    {
        Assert.Equal(KeyNaming.Official, KeyMapping.Detect(["module.encoder.blocks.0.attn.qkv.weight", "mask_token"]));
        Assert.Equal(KeyNaming.MmAction2, KeyMapping.Detect(["backbone.patch_embed.projection.weight", "cls_head.fc_cls.weight"]));
    }
}
