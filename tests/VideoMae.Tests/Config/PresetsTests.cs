using VideoMae.Config;

namespace VideoMae.Tests.Config;

public class PresetsTests
{
    public static TheoryData<string> Names => new(Presets.ByName.Keys);

    [Theory, MemberData(nameof(Names))]
    public void Every_preset_is_valid(string name) => Presets.Get(name).Validate();

    [Fact]
    public void Token_grids_are_those_of_the_paper_and_the_fixtures()
    {
        Assert.Equal(new TokenGrid(8, 14, 14), Presets.VitB.Encoder.Grid);
        Assert.Equal(new TokenGrid(8, 16, 16), Presets.VitG.Encoder.Grid);
        Assert.Equal(new TokenGrid(4, 4, 4), Presets.Tiny.Encoder.Grid);
        Assert.Equal(1536, Presets.VitB.DecoderOutDim);
        Assert.Equal(384, Presets.Tiny.DecoderOutDim);
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => Presets.Get("vit-x"));
        Assert.Contains("vit-x", e.Message);
        Assert.Contains("vit-b", e.Message);
    }

    [Fact]
    public void Sizes_that_do_not_divide_are_rejected_with_both_values()
    {
        var e = Assert.Throws<ArgumentException>(() => (Presets.VitB.Encoder with { ImageSize = 200 }).Validate());
        Assert.Contains("ImageSize = 200", e.Message);
        Assert.Contains("Patch = 16", e.Message);
        e = Assert.Throws<ArgumentException>(() => (Presets.VitB.Encoder with { Frames = 15 }).Validate());
        Assert.Contains("Frames = 15", e.Message);
        e = Assert.Throws<ArgumentException>(() => (Presets.VitB.Encoder with { NumHeads = 7 }).Validate());
        Assert.Contains("NumHeads = 7", e.Message);
    }
}
