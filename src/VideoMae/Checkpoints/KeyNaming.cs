namespace VideoMae.Checkpoints;

/// <summary>The naming scheme a checkpoint's keys follow (SPEC §8), as <see cref="KeyMapping"/> detects it.</summary>
public enum KeyNaming
{
    /// <summary>OpenGVLab/VideoMAEv2's own names (pre-training or fine-tuning), possibly behind container prefixes.</summary>
    Official,

    /// <summary>Hugging Face transformers' <c>VideoMAE*</c> port (SPEC §8.2): <c>videomae.encoder.layer.i.…</c>, split query/key/value.</summary>
    HuggingFace,

    /// <summary>MMAction2's <c>VisionTransformer</c> backbone (SPEC §8.3): <c>patch_embed.projection</c>, <c>mlp.layers.*</c>, <c>cls_head.fc_cls</c>.</summary>
    MmAction2,
}
