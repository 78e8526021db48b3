using VideoMae.Accounting;
using VideoMae.Config;
using VideoMae.Tests.Fixtures;

namespace VideoMae.Tests.Accounting;

public class ParameterCounterTests
{
    [Theory, MemberData(nameof(SpecParameterCounts.PaperModels), MemberType = typeof(SpecParameterCounts))]
    public void Encoder_and_decoder_counts_match_SPEC_1_1_and_1_2(string preset, double encoderMillions, double decoderMillions)
    {
        var config = Presets.Get(preset);
        Assert.InRange(ParameterCounter.Encoder(config.Encoder) / 1e6, encoderMillions - 0.01, encoderMillions + 0.01);
        Assert.InRange(ParameterCounter.Decoder(config) / 1e6, decoderMillions - 0.01, decoderMillions + 0.01);
    }

    [Fact]
    public void Classifier_adds_one_head_to_the_encoder()
    {
        // ViT-B K400 86.53 M and ViT-g K710 1012.61 M with the head (SPEC §1.1).
        Assert.Equal(86.53, ParameterCounter.Classifier(Presets.VitB.Encoder, 400) / 1e6, 2);
        Assert.Equal(1012.61, ParameterCounter.Classifier(Presets.VitG.Encoder, 710) / 1e6, 2);
    }

    [Fact]
    public void ViT_g_MLP_width_is_6144_and_its_decoder_MLP_2234()
    {
        Assert.Equal(6144, Presets.VitG.Encoder.MlpHidden);
        Assert.Equal(2234, Presets.VitG.DecoderMlpHidden);
        Assert.Equal(1176, Presets.VitG.DecoderOutDim);
        Assert.Equal(2048, Presets.VitG.Encoder.Grid.Count);
    }
}
