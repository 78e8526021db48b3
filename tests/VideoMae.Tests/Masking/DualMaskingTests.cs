using VideoMae.Config;
using VideoMae.Masking;

namespace VideoMae.Tests.Masking;

public class DualMaskingTests
{
    [Theory]
    // SPEC §2.3: visible, reconstructed, decoder tokens, loss tokens.
    [InlineData("vit-b", 0.25, 160, 1176, 1336, 1056)]
    [InlineData("vit-b", 0.50, 160, 784, 944, 704)]
    [InlineData("vit-b", 0.75, 160, 392, 552, 352)]
    [InlineData("vit-g", 0.50, 208, 1024, 1232, 920)]
    public void Tube_plus_running_cell_counts_are_deterministic_and_match_SPEC(string preset, double ratio, int visible, int reconstructed, int decoderTokens, int lossTokens)
    {
        var grid = Presets.Get(preset).Encoder.Grid;
        for (var seed = 0; seed < 5; seed++)
        {
            var counts = MaskCounts.Of((DualMasking.V2 with { DecoderRatio = ratio }).Sample(grid, new Random(seed)));
            Assert.Equal(new MaskCounts(grid.Count, visible, reconstructed, decoderTokens, lossTokens), counts);
        }
    }

    [Fact]
    public void Without_decoder_masking_the_decoder_reconstructs_exactly_the_hidden_tokens()
    {
        var grid = Presets.VitB.Encoder.Grid;
        var masks = DualMasking.V1.Sample(grid, new Random(5));
        Assert.Equal(masks.EncoderHidden, masks.DecoderHidden.Select(h => !h));
        Assert.Equal(new MaskCounts(1568, 160, 1408, 1568, 1408), MaskCounts.Of(masks));
    }

    [Fact]
    public void Frame_masking_at_half_drops_every_other_slice()
    {
        var grid = Presets.VitB.Encoder.Grid;
        for (var seed = 0; seed < 10; seed++)
        {
            var mask = FrameMasking.Sample(grid, 0.5, new Random(seed));
            var dropped = Enumerable.Range(0, 8).Where(t => mask[t * 196]).ToArray();
            Assert.True(dropped.SequenceEqual([0, 2, 4, 6]) || dropped.SequenceEqual([1, 3, 5, 7]), string.Join(",", dropped));
            Assert.All(Enumerable.Range(0, 8), t => Assert.Equal(196, mask[(t * 196)..((t + 1) * 196)].Count(h => h == mask[t * 196])));
        }
    }

    [Fact]
    public void Random_masks_hide_exactly_floor_of_ratio_times_N()
    {
        var grid = Presets.VitB.Encoder.Grid;
        Assert.Equal(784, RandomMasking.SampleDecoder(grid, 0.5, new Random(1)).Count(h => h));
        Assert.Equal(1411, RandomMasking.SampleEncoder(grid, 0.9, new Random(1)).Count(h => h));
    }
}
