using VideoMae.Accounting;
using VideoMae.Config;
using VideoMae.Masking;

namespace VideoMae.Tests.Accounting;

/// <summary>The paper's FLOPs columns (Tables 1 and 2), which SPEC §3.1 reproduces by hand, hit within 0.05%.</summary>
public class MacCounterTests
{
    private static MacReport Count(PretrainConfig config, DualMasking masking) =>
        MacCounter.PretrainForward(config, MaskCounts.Of(masking.Sample(config.Encoder.Grid, new Random(0))));

    public static TheoryData<DecoderMasking, double, double> VitBWithLayerNorm => new()
    {
        { DecoderMasking.None, 0, 35.48 },
        { DecoderMasking.RunningCell, 0.25, 31.63 },
        { DecoderMasking.RunningCell, 0.5, 25.87 },
        { DecoderMasking.RunningCell, 0.75, 21.06 },
        { DecoderMasking.Frame, 0.5, 25.87 },
        { DecoderMasking.Random, 0.5, 25.87 },
    };

    [Theory, MemberData(nameof(VitBWithLayerNorm))]
    public void ViT_B_matches_paper_table_1_with_LayerNorm_counted(DecoderMasking decoder, double ratio, double paperGFlops)
    {
        var report = Count(Presets.VitB, DualMasking.V2 with { Decoder = decoder, DecoderRatio = ratio });
        Assert.InRange(report.TotalWithLayerNorm / 1e9, paperGFlops * 0.9995, paperGFlops * 1.0005);
    }

    [Theory]
    [InlineData(DecoderMasking.None, 263.93)]
    [InlineData(DecoderMasking.RunningCell, 241.61)]
    public void ViT_g_matches_paper_table_2_counting_matmul_and_conv_only(DecoderMasking decoder, double paperGFlops)
    {
        var report = Count(Presets.VitG, DualMasking.V2 with { Decoder = decoder });
        Assert.InRange(report.MatmulMacs / 1e9, paperGFlops * 0.9995, paperGFlops * 1.0005);
    }

    [Fact]
    public void ViT_B_V1_components_equal_the_hand_computation_of_SPEC_3_1()
    {
        var report = Count(Presets.VitB, DualMasking.V1);
        // Patch embed 1568·1536·768; encoder per block 160·12·768² + 2·160²·768; decoder per block 1568·12·384² + 2·1568²·384.
        Assert.Equal(1568L * 1536 * 768, report["patch_embed"].LinearMacs);
        Assert.Equal(12L * 160 * 12 * 768 * 768, report["encoder"].LinearMacs);
        Assert.Equal(12L * 2 * 160 * 160 * 768, report["encoder"].AttentionMacs);
        Assert.Equal(160L * 768 * 384, report["encoder_to_decoder"].LinearMacs);
        Assert.Equal(4L * 1568 * 12 * 384 * 384, report["decoder"].LinearMacs);
        Assert.Equal(4L * 2 * 1568 * 1568 * 384, report["decoder"].AttentionMacs);
        Assert.Equal(1408L * 384 * 1536, report["head"].LinearMacs);
        // 25 encoder LayerNorms on 160×768, 8 decoder block norms on 1568×384, the final decoder norm on 1408×384; 5 per element.
        Assert.Equal(5L * (25 * 160 * 768 + 8 * 1568 * 384 + 1408 * 384), report.LayerNormMacs);
    }

    [Fact]
    public void Inference_MACs_of_the_classifier_match_SPEC_for_S_and_B()
    {
        Assert.Equal(56.9, MacCounter.ClassifierForward(Presets.VitS.Encoder, 400).MatmulMacs / 1e9, 1);
        Assert.Equal(180.3, MacCounter.ClassifierForward(Presets.VitB.Encoder, 400).MatmulMacs / 1e9, 1);
    }
}
