using VideoMae.Data.Datasets;

namespace VideoMae.Tests.Data;

public sealed class ListFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-lists-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Reads_unlabeled_labelled_and_csv_lists_with_paths_relative_to_the_list()
    {
        var unlabeled = ListFile.Read(Write("pt.txt", "videos/a.mp4 0 -1", "", "# comment", "/abs/b.mp4 0 -1"));
        Assert.Equal([new VideoEntry(Path.Combine(_folder, "videos", "a.mp4"), -1), new VideoEntry("/abs/b.mp4", -1)], unlabeled);
        var labelled = ListFile.Read(Write("train.txt", "c.mp4 3", "d.mp4 0"));
        Assert.Equal([3, 0], labelled.Select(e => e.Label));
        var csv = ListFile.Read(Write("list.csv", "label,path", "5,e.mp4", "2,sub/f.mp4"));
        Assert.Equal([new VideoEntry(Path.Combine(_folder, "e.mp4"), 5), new VideoEntry(Path.Combine(_folder, "sub", "f.mp4"), 2)], csv);
    }

    [Theory]
    [InlineData("a.mp4 x", "label 'x'")]
    [InlineData("a.mp4 1 2 3", "neither")]
    [InlineData("a.mp4 -4", "label '-4'")]
    public void A_bad_line_names_the_file_and_line(string badLine, string expected)
    {
        var path = Write("bad.txt", "ok.mp4 1", badLine);
        var e = Assert.Throws<InvalidDataException>(() => ListFile.Read(path));
        Assert.Contains($"{path}, line 2", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_csv_without_a_path_column_and_an_empty_list_are_rejected()
    {
        Assert.Contains("no 'path' column", Assert.Throws<InvalidDataException>(() => ListFile.Read(Write("x.csv", "file,label", "a.mp4,1"))).Message);
        Assert.Contains("holds no videos", Assert.Throws<InvalidDataException>(() => ListFile.Read(Write("empty.txt", ""))).Message);
    }

    [Fact]
    public void Label_spaces_merge_aliases_into_one_space_and_map_a_subset_back()
    {
        var motion = new LabelSpace(["move left", "move right", "grow"]);
        var alt = new LabelSpace(["sliding left", "bounce"]);
        var (merged, maps) = LabelSpace.Merge([motion, alt], new Dictionary<string, string> { ["sliding left"] = "move left" });
        Assert.Equal(["move left", "move right", "grow", "bounce"], merged.Classes);
        Assert.Equal([0, 1, 2], maps[0]);
        Assert.Equal([0, 3], maps[1]);
        // Head re-mapping from the merged space to a target subset: entry i = merged label of target class i.
        Assert.Equal([2, 0], merged.MapTo(new LabelSpace(["grow", "move left"])));
    }

    [Fact]
    public void A_hybrid_dataset_keeps_each_sources_stride_and_maps_labels()
    {
        var a = Write("a.txt", "x.mp4 1", "y.mp4 0");
        var b = Write("b.txt", "z.mp4 1");
        var dataset = new VideoDataset([new VideoSource(a, Stride: 4), new VideoSource(b, Stride: 2) { LabelMap = [0, 3] }]);
        Assert.Equal([(1, 4), (0, 4), (3, 2)], dataset.Items.Select(i => (i.Label, i.Stride)));
    }
}
