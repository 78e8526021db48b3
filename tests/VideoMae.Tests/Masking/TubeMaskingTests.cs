using VideoMae.Config;
using VideoMae.Masking;

namespace VideoMae.Tests.Masking;

public class TubeMaskingTests
{
    private static readonly TokenGrid VitB = Presets.VitB.Encoder.Grid;

    [Fact]
    public void Hides_176_of_196_positions_in_every_slice_and_the_same_positions_in_each()
    {
        var mask = TubeMasking.Sample(VitB, 0.9, new Random(7));
        Assert.Equal(1568, mask.Length);
        var first = mask[..196];
        Assert.Equal(176, first.Count(h => h));
        for (var t = 1; t < 8; t++)
            Assert.Equal(first, mask[(t * 196)..((t + 1) * 196)]);
        Assert.Equal(160, mask.Count(h => !h));
    }

    [Fact]
    public void ViT_g_keeps_26_visible_per_slice()
    {
        var mask = TubeMasking.Sample(Presets.VitG.Encoder.Grid, 0.9, new Random(1));
        Assert.Equal(1840, mask.Count(h => h));
        Assert.Equal(208, mask.Count(h => !h));
    }

    [Fact]
    public void Is_a_pure_function_of_the_seed()
    {
        Assert.Equal(TubeMasking.Sample(VitB, 0.9, new Random(3)), TubeMasking.Sample(VitB, 0.9, new Random(3)));
        Assert.NotEqual(TubeMasking.Sample(VitB, 0.9, new Random(3)), TubeMasking.Sample(VitB, 0.9, new Random(4)));
    }

    [Fact]
    public void Every_position_is_hidden_at_about_the_ratio_over_many_samples()
    {
        // Uniform choice: each of the 196 positions is hidden in ~90% of 2000 draws (binomial sd ≈ 0.7%).
        var rng = new Random(11);
        var hidden = new int[196];
        for (var i = 0; i < 2000; i++)
        {
            var mask = TubeMasking.Sample(VitB, 0.9, rng);
            for (var p = 0; p < 196; p++)
                hidden[p] += mask[p] ? 1 : 0;
        }
        Assert.All(hidden, h => Assert.InRange(h / 2000.0, 0.86, 0.94));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_ratio_outside_its_range_is_rejected_with_the_value(double ratio)
    {
        var e = Assert.Throws<ArgumentException>(() => TubeMasking.Sample(VitB, ratio, new Random(0)));
        Assert.Contains(ratio.ToString(System.Globalization.CultureInfo.CurrentCulture), e.Message);
    }
}
