using VideoMae.Config;
using VideoMae.Masking;

namespace VideoMae.Tests.Masking;

public class RunningCellMaskingTests
{
    private static readonly TokenGrid VitB = Presets.VitB.Encoder.Grid;

    /// <summary>The 4-bit TL TR BL BR pattern of every slice for offset 0, read off a volume.</summary>
    private static string[] Patterns(bool[] volume, TokenGrid grid) =>
        Enumerable.Range(0, grid.T).Select(t => string.Concat(
            new[] { (0, 0), (0, 1), (1, 0), (1, 1) }.Select(p => volume[grid.Index(t, p.Item1, p.Item2)] ? '1' : '0'))).ToArray();

    [Theory]
    // SPEC §2.2, derived by executing the reference algorithm.
    [InlineData(0.25, "0001 0010 0100 1000 0001 0010 0100 1000")]
    [InlineData(0.50, "1001 0011 0110 1100 1001 0011 0110 1100")]
    [InlineData(0.75, "1101 1011 0111 1110 1101 1011 0111 1110")]
    public void Offset_0_follows_the_reference_patterns(double ratio, string expected)
    {
        Assert.Equal(expected.Split(' '), Patterns(RunningCellMasking.Volume(VitB, ratio, 0), VitB));
    }

    [Theory]
    [InlineData(0.25, 1176)]
    [InlineData(0.50, 784)]
    [InlineData(0.75, 392)]
    public void Every_position_is_reconstructed_in_exactly_the_kept_fraction_of_slices(double ratio, int reconstructed)
    {
        foreach (var volume in RunningCellMasking.AllVolumes(VitB, ratio))
        {
            Assert.Equal(reconstructed, volume.Count(h => !h));
            for (var p = 0; p < VitB.PerSlice; p++)
                Assert.Equal((int)((1 - ratio) * VitB.T), Enumerable.Range(0, VitB.T).Count(t => !volume[t * VitB.PerSlice + p]));
        }
    }

    [Fact]
    public void The_cell_tiles_the_slice()
    {
        var volume = RunningCellMasking.Volume(VitB, 0.5, 2);
        for (var t = 0; t < VitB.T; t++)
            for (var h = 0; h < VitB.H; h++)
                for (var w = 0; w < VitB.W; w++)
                    Assert.Equal(volume[VitB.Index(t, h % 2, w % 2)], volume[VitB.Index(t, h, w)]);
    }

    [Fact]
    public void Other_offsets_are_the_same_sequence_started_later()
    {
        var zero = RunningCellMasking.Volume(VitB, 0.5, 0);
        for (var s = 1; s < 4; s++)
        {
            var shifted = RunningCellMasking.Volume(VitB, 0.5, s);
            for (var t = 0; t + s < VitB.T; t++)
                Assert.Equal(zero[((t + s) * 196)..((t + s + 1) * 196)], shifted[(t * 196)..((t + 1) * 196)]);
        }
    }

    [Fact]
    public void An_odd_token_grid_is_rejected_before_any_work()
    {
        var odd = new TokenGrid(8, 7, 7);
        var e = Assert.Throws<ArgumentException>(() => RunningCellMasking.Volume(odd, 0.5, 0));
        Assert.Contains("7×7", e.Message);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void A_ratio_the_cell_cannot_express_is_rejected(double ratio)
    {
        var e = Assert.Throws<ArgumentException>(() => RunningCellMasking.Sample(VitB, ratio, new Random(0)));
        Assert.Contains("0.25, 0.5, 0.75", e.Message);
    }
}
