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
    [InlineData("a.mp4 1 2 3", "'a.mp4 1 2 3' has 4 fields; expected 'video_path label' or 'frame_folder total_frames label'")]
    [InlineData("frames/a 0 3", "total_frames is 0")]
    [InlineData("frames/a x 3", "total_frames 'x' is not a non-negative integer")]
    [InlineData("frames/a 12 y", "label 'y'")]
    [InlineData("a.mp4 -4", "label '-4'")]
    public void A_bad_line_names_the_file_and_line(string badLine, string expected)
    {
        var path = Write("bad.txt", "ok.mp4 1", badLine);
        var e = Assert.Throws<InvalidDataException>(() => ListFile.Read(path));
        Assert.Contains($"{path}, line 2", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("a.mp4 1 2 3", "has 4 fields; expected 'video_path 0 -1' or 'frame_folder start_index total_frames'")]
    [InlineData("frames/a -1 30", "start_index '-1' is not a non-negative integer")]
    [InlineData("frames/a 1 0", "total_frames is 0")]
    public void A_bad_pretraining_line_names_the_file_and_line(string badLine, string expected)
    {
        var path = Write("bad.txt", "ok.mp4 0 -1", badLine);
        var e = Assert.Throws<InvalidDataException>(() => ListFile.Read(path, ListLayout.Pretraining));
        Assert.Contains($"{path}, line 2", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void The_official_pretraining_list_of_videos_and_frame_folders_loads_as_written()
    {
        // Lines from the UnlabeledHybrid example of the official docs/DATASET.md: videos, AVA windows of one movie, SSv2 frames.
        var path = Write("hybrid.txt",
            "# The path prefix 'your_path' can be specified by `--data_root ${PATH_PREFIX}` in scripts when training or inferencing.",
            "",
            "your_path/k400/---QUuC4vJs.mp4 0 -1",
            "your_path/webvid2m/016401_016450/1017127174.mp4 0 -1",
            "your_path/AVA/frames/clip/zlVkeKC6Ha8 9601 300",
            "your_path/AVA/frames/clip/zlVkeKC6Ha8 9901 300",
            "your_path/SomethingV2/frames/182040 1 58");
        var entries = ListFile.Read(path, ListLayout.Pretraining);
        Assert.Equal(5, entries.Count);
        Assert.Equal(new VideoEntry(Path.Combine(_folder, "your_path/k400/---QUuC4vJs.mp4"), -1), entries[0]);
        Assert.Null(entries[1].Frames);
        Assert.Equal(new FrameRange(300, 9601), entries[2].Frames);
        Assert.Equal(new FrameRange(300, 9901), entries[3].Frames);
        Assert.Equal(entries[2].Path, entries[3].Path);
        Assert.Equal(new VideoEntry(Path.Combine(_folder, "your_path/SomethingV2/frames/182040"), -1, new FrameRange(58, 1)), entries[4]);
    }

    [Fact]
    public void The_official_k400_video_and_ssv2_frame_lists_load_as_written()
    {
        var k400 = ListFile.Read(Write("k400_val.txt", "your_path/k400/jf7RDuUTrsQ.mp4 325", "your_path/k400/JTlatknwOrY.mp4 233"));
        Assert.Equal([new VideoEntry(Path.Combine(_folder, "your_path/k400/jf7RDuUTrsQ.mp4"), 325), new VideoEntry(Path.Combine(_folder, "your_path/k400/JTlatknwOrY.mp4"), 233)], k400);
        var ssv2 = ListFile.Read(Write("ssv2_val.txt", "your_path/SomethingV2/frames/74225 62 140", "your_path/SomethingV2/frames/116154 51 127"), ListLayout.Classification);
        Assert.Equal([new VideoEntry(Path.Combine(_folder, "your_path/SomethingV2/frames/74225"), 140, new FrameRange(62)),
            new VideoEntry(Path.Combine(_folder, "your_path/SomethingV2/frames/116154"), 127, new FrameRange(51))], ssv2);
    }

    [Fact]
    public void Frame_items_take_the_sources_template_and_start_index_unless_the_line_gives_its_own()
    {
        var finetune = Write("ft.txt", "frames/a 62 140");
        var pretrain = Write("pt.txt", "frames/b 9601 300", "v.mp4 0 -1");
        var labelled = new VideoDataset([new VideoSource(finetune, Stride: 2) { FrameTemplate = "image_{:06}.jpg", StartIndex = 0 }], layout: ListLayout.Classification);
        var frames = labelled.Items[0].Frames!;
        Assert.Equal((Path.Combine(_folder, "frames", "a"), "image_{:06}.jpg", 0, 62), (frames.Folder, frames.Template.Text, frames.StartIndex, frames.FrameCount));
        Assert.Equal(Path.Combine(_folder, "frames", "a", "image_000061.jpg"), frames.FileOf(61));
        Assert.Equal((140, 2), (labelled.Items[0].Label, labelled.Items[0].Stride));
        var unlabeled = new VideoDataset([new VideoSource(pretrain) { StartIndex = 5 }]);
        Assert.Equal((9601, 300, "img_{:05}.jpg"), (unlabeled.Items[0].Frames!.StartIndex, unlabeled.Items[0].Frames!.FrameCount, unlabeled.Items[0].Frames!.Template.Text));
        Assert.Contains("img_09601.jpg", unlabeled.Items[0].Name);
        Assert.Null(unlabeled.Items[1].Frames);
        Assert.Equal(unlabeled.Items[1].Path, unlabeled.Items[1].Name);
    }

    [Fact]
    public void A_bad_template_or_start_index_names_the_list()
    {
        var list = Write("ft.txt", "frames/a 62 140");
        var template = Assert.Throws<ArgumentException>(() => new VideoDataset([new VideoSource(list) { FrameTemplate = "img_%05d.jpg" }]));
        Assert.StartsWith($"{list}: frame template 'img_%05d.jpg'", template.Message);
        var start = Assert.Throws<ArgumentException>(() => new VideoDataset([new VideoSource(list) { StartIndex = -1 }]));
        Assert.StartsWith($"{list}: start_index = -1", start.Message);
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
