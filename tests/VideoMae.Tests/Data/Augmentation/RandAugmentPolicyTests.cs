using VideoMae.Data.Augmentation;

namespace VideoMae.Tests.Data.Augmentation;

public class RandAugmentPolicyTests
{
    [Fact]
    public void The_official_string_and_none_parse_and_write_back()
    {
        var reference = RandAugmentPolicy.Parse("rand-m7-n4-mstd0.5-inc1");
        Assert.Equal(new RandAugmentPolicy(7, 4, 0.5, true), reference);
        Assert.Equal(RandAugmentPolicy.Reference, reference);
        Assert.Equal("rand-m7-n4-mstd0.5-inc1", reference.ToString());
        Assert.True(RandAugmentPolicy.Parse("none").IsNone);
        Assert.True(RandAugmentPolicy.Parse(" None ").IsNone);
        Assert.Equal("none", RandAugmentPolicy.None.ToString());
        Assert.False(reference.IsNone);
    }

    [Fact]
    public void Sections_come_in_any_order_and_missing_ones_take_timms_defaults()
    {
        Assert.Equal(new RandAugmentPolicy(9, 2, 0, false), RandAugmentPolicy.Parse("rand-m9"));
        Assert.Equal(new RandAugmentPolicy(10, 3, 1.5, true), RandAugmentPolicy.Parse("rand-inc1-mstd1.5-n3"));
        Assert.Equal(new RandAugmentPolicy(10, 2, 0, false), RandAugmentPolicy.Parse("rand"));
        Assert.Equal("rand-m9-n2-mstd0-inc0", RandAugmentPolicy.Parse("rand-m9").ToString());
        Assert.Equal(new RandAugmentPolicy(0, 1, 0, false), RandAugmentPolicy.Parse("rand-m0-n1-inc0"));
    }

    [Theory]
    [InlineData("", "does not start with 'rand'")]
    [InlineData("augmix-m5", "does not start with 'rand'")]
    [InlineData("rand-m7-x4", "unknown section 'x4'")]
    [InlineData("rand-m7.5", "'m7.5' has no usable value; expected an integer from 0 to 10")]
    [InlineData("rand-m11", "'m11' has no usable value; expected an integer from 0 to 10")]
    [InlineData("rand-n0", "'n0' has no usable value; expected an integer from 1 up")]
    [InlineData("rand-mstd", "section 'mstd' has no value")]
    [InlineData("rand-mstdx", "section 'mstdx' has no value")]
    [InlineData("rand-mstd-1", "section 'mstd' has no value")]
    [InlineData("rand-mstd1.2.3", "'mstd1.2.3' has no usable σ")]
    [InlineData("rand-inc2", "'inc2' has no usable value; expected an integer from 0 to 1")]
    [InlineData("rand-m7--n4", "an empty section")]
    [InlineData("rand-m7-m8", "'m' is given twice")]
    [InlineData("rand-m9-w0", "op weights ('w0') are not implemented")]
    [InlineData("rand-7", "section '7' has no name")]
    public void A_bad_string_is_named_with_the_bad_section(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => RandAugmentPolicy.Parse(text));
        Assert.Contains($"'{text}'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_policy_made_in_code_is_checked_too()
    {
        Assert.Contains("m = 12", Assert.Throws<ArgumentException>(() => new RandAugmentPolicy(12, 2).Validate()).Message);
        Assert.Contains("n = 0", Assert.Throws<ArgumentException>(() => new RandAugmentPolicy(7, 0).Validate()).Message);
        Assert.Contains("mstd = -1", Assert.Throws<ArgumentException>(() => new RandAugmentPolicy(7, 2, -1).Validate()).Message);
        Assert.Contains("finite σ", Assert.Throws<ArgumentException>(() => new RandAugmentPolicy(7, 2, double.PositiveInfinity).Validate()).Message);
    }
}
