using VideoMae.Evaluation;

namespace VideoMae.Tests.Evaluation;

public sealed class LabelMapTests
{
    [Theory]
    [InlineData("k400", 400)]
    [InlineData("k600", 600)]
    [InlineData("K700", 700)]
    [InlineData("k710", 710)]
    public void The_built_in_maps_have_their_class_counts_and_no_duplicates(string name, int count)
    {
        var map = LabelMap.Resolve(name);
        Assert.Equal(count, map.Names.Count);
        Assert.Equal(count, map.Names.Distinct().Count());
    }

    [Theory]
    [InlineData("k400")]
    [InlineData("k600")]
    [InlineData("k700")]
    public void Each_K710_row_names_the_same_class(string name)
    {
        var k710 = LabelMap.Resolve("k710").Names;
        var map = LabelMap.Resolve(name);
        var rows = map.HeadRows(710)!;
        Assert.Equal(map.Names.Count, rows.Count);
        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.All(Enumerable.Range(0, rows.Count), i => Assert.Equal(map.Names[i], k710[rows[i]]));
    }

    [Fact]
    public void The_first_400_K710_classes_are_the_K400_classes()
    {
        Assert.Equal(Enumerable.Range(0, 400), LabelMap.Resolve("k400").HeadRows(710)!.Order());
        Assert.Equal("abseiling", LabelMap.Resolve("k400").Names[0]);
    }

    [Fact]
    public void A_head_that_does_not_fit_the_labels_is_refused()
    {
        Assert.Null(LabelMap.Resolve("k400").HeadRows(400));
        Assert.Contains("head has 7 classes but labels 'k400' name 400", Assert.Throws<ArgumentException>(() => LabelMap.Resolve("k400").HeadRows(7)).Message);
        Assert.Throws<ArgumentException>(() => LabelMap.Resolve("k710").HeadRows(400));
        Assert.Throws<FileNotFoundException>(() => LabelMap.Resolve("k999"));
    }
}
