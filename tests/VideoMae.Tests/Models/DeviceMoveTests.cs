using TorchSharp;
using VideoMae.Config;
using VideoMae.Models;
using static TorchSharp.torch;

namespace VideoMae.Tests.Models;

/// <summary>
/// A model moved to another device takes its non-persistent position tables along. TorchSharp's own <c>to</c> leaves
/// them behind, which the first GPU run found; "meta" stands in for CUDA here, as any second device shows the fault.
/// </summary>
public sealed class DeviceMoveTests
{
    [Fact]
    public void Position_tables_follow_the_models_to_another_device()
    {
        using var pretrain = new PretrainModel(Presets.Tiny);
        using var classifier = new VideoClassifier(Presets.Tiny.Encoder, classes: 3);
        pretrain.to(META);
        classifier.to(META);

        Assert.Equal(DeviceType.META, pretrain.get_buffer("decoder_pos_embed")!.device_type);
        Assert.Equal(DeviceType.META, pretrain.Encoder.get_buffer("pos_embed")!.device_type);
        Assert.Equal(DeviceType.META, classifier.get_buffer("pos_embed")!.device_type);
        // Still out of the state dict, so checkpoints keep the reference keys.
        Assert.DoesNotContain(pretrain.state_dict().Keys, k => k.EndsWith("pos_embed", StringComparison.Ordinal));
        Assert.DoesNotContain(classifier.state_dict().Keys, k => k.EndsWith("pos_embed", StringComparison.Ordinal));
    }
}
