using VideoMae.Data.Frames;

namespace VideoMae.Tests.Data.Frames;

public sealed class FrameNameTemplateTests
{
    [Theory]
    [InlineData("img_{:05}.jpg", 1, "img_00001.jpg")]            // Something-Something V2
    [InlineData("image_{:06}.jpg", 9601, "image_009601.jpg")]    // AVA
    [InlineData("image_{:06d}.jpg", 12, "image_000012.jpg")]
    [InlineData("{}.jpg", 12, "12.jpg")]
    [InlineData("f{:d}.png", 0, "f0.png")]
    [InlineData("img_{0:05}.jpg", 7, "img_00007.jpg")]
    [InlineData("img_{:03}.jpg", 12345, "img_12345.jpg")]        // Python writes a longer number whole
    public void Formats_as_python_does(string template, int number, string expected)
    {
        var parsed = FrameNameTemplate.Parse(template);
        Assert.Equal(expected, parsed.Format(number));
        Assert.True(parsed.Matches(expected));
    }

    [Fact]
    public void Matches_only_its_own_form()
    {
        var t = FrameNameTemplate.Default;
        Assert.True(t.Matches("img_00042.jpg"));
        Assert.True(t.Matches("img_123456.jpg"));
        Assert.False(t.Matches("img_0042.jpg"));
        Assert.False(t.Matches("image_00042.jpg"));
        Assert.False(t.Matches("img_00042.png"));
    }

    [Theory]
    [InlineData("img_{:5}.jpg")]      // space padding
    [InlineData("img_{:s}.jpg")]
    [InlineData("img_{:.2f}.jpg")]
    [InlineData("img_{}_{}.jpg")]
    [InlineData("img_%05d.jpg")]      // printf, not Python
    [InlineData("img.jpg")]
    [InlineData("{name}.jpg")]
    [InlineData("sub/{:05}.jpg")]
    [InlineData("{:05}")]
    public void Other_forms_are_rejected_showing_the_template(string template)
    {
        var e = Assert.Throws<ArgumentException>(() => FrameNameTemplate.Parse(template));
        Assert.Contains($"'{template}'", e.Message);
    }

    [Fact]
    public void The_rejection_names_the_accepted_forms()
    {
        var e = Assert.Throws<ArgumentException>(() => FrameNameTemplate.Parse("img_{:5}.jpg"));
        Assert.Contains("expected exactly one integer field such as {:05}, {:06d} or {}", e.Message);
    }
}
