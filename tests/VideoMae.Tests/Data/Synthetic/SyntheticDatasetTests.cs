using System.Text.Json;
using VideoMae.Data.Datasets;
using VideoMae.Data.Synthetic;
using VideoMae.Data.Video;

namespace VideoMae.Tests.Data.Synthetic;

public sealed class SyntheticDatasetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-synth-").FullName;
    private static readonly SynthSettings Tiny = new(Frames: 16, Size: 32, Fps: 12);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Writes_valid_videos_and_lists_then_skips_them_and_regenerates_a_damaged_one()
    {
        var report = SyntheticDataset.Write(_folder, SyntheticKind.Motion, 6, Tiny, valFraction: 0.34);
        Assert.Equal((6, 0), (report.Written, report.Skipped));
        var entries = ListFile.Read(Path.Combine(_folder, "train.txt")).Concat(ListFile.Read(Path.Combine(_folder, "val.txt"))).ToList();
        Assert.Equal(6, entries.Count);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_folder, "val.txt")).Length);
        Assert.All(entries, e => Assert.Equal(new VideoInfo(16, 12, 32, 32), VideoProbe.Probe(e.Path)));
        Assert.All(ListFile.Read(Path.Combine(_folder, "unlabeled.txt")), e => Assert.Equal(-1, e.Label));
        Assert.Equal(SyntheticClasses.Motion, LabelSpace.Read(Path.Combine(_folder, "classes.txt")).Classes);

        var first = File.ReadAllBytes(entries[0].Path);
        Assert.Equal((0, 6), (SyntheticDataset.Write(_folder, SyntheticKind.Motion, 6, Tiny).Written, SyntheticDataset.Write(_folder, SyntheticKind.Motion, 6, Tiny).Skipped));
        File.WriteAllBytes(entries[0].Path, first[..(first.Length / 4)]);
        var again = SyntheticDataset.Write(_folder, SyntheticKind.Motion, 6, Tiny);
        Assert.Equal((1, 5), (again.Written, again.Skipped));
        // Single-threaded x264 re-encodes the same frames to the same bytes.
        Assert.Equal(first, File.ReadAllBytes(entries[0].Path));
    }

    [Fact]
    public void Decoded_frames_equal_the_rendered_ones_exactly()
    {
        SyntheticDataset.Write(_folder, SyntheticKind.Appearance, 1, Tiny with { Size = 64 });
        var decoded = VideoDecoder.DecodeAll(Path.Combine(_folder, "videos", "appearance_00000.mp4"));
        var rendered = SyntheticVideos.Render(SyntheticKind.Appearance, 0, Tiny with { Size = 64 });
        Assert.Equal(rendered.Frames.Length, decoded.Frames.Length);
        for (var f = 0; f < decoded.Frames.Length; f++)
            Assert.True(decoded.Frames[f].AsSpan().SequenceEqual(rendered.Frames[f]), $"frame {f} differs from the rendered one");
    }

    [Fact]
    public void The_second_motion_source_ships_a_merge_map_onto_the_motion_classes()
    {
        SyntheticDataset.Write(_folder, SyntheticKind.MotionAlt, 2, Tiny);
        var merge = LabelSpace.ReadMergeMap(Path.Combine(_folder, "label_merge.json"));
        Assert.Equal(SyntheticClasses.MotionAlt.Intersect(merge.Keys).Order(), merge.Keys.Order());
        Assert.All(merge.Values, v => Assert.Contains(v, SyntheticClasses.Motion));
        var (merged, _) = LabelSpace.Merge([new LabelSpace(SyntheticClasses.Motion), new LabelSpace(SyntheticClasses.MotionAlt)], merge);
        Assert.Equal(12 + 3, merged.Classes.Count);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "dataset.json")));
        Assert.Equal("motion-alt", json.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public void A_folder_holding_another_set_is_refused_instead_of_mixed()
    {
        SyntheticDataset.Write(_folder, SyntheticKind.Motion, 1, Tiny);
        var e = Assert.Throws<ArgumentException>(() => SyntheticDataset.Write(_folder, SyntheticKind.Motion, 1, Tiny with { Seed = 5 }));
        Assert.Contains("another synthetic set", e.Message);
        e = Assert.Throws<ArgumentException>(() => SyntheticDataset.Write(_folder, SyntheticKind.Motion, 1, Tiny with { Background = SyntheticBackground.Plain }));
        Assert.Contains("\"background\": \"striped\"", e.Message);

        // A set of an older generator holds lossy videos that would probe valid and be kept beside new ones.
        var description = Path.Combine(_folder, "dataset.json");
        File.WriteAllText(description, File.ReadAllText(description).Replace(SyntheticDataset.GeneratorVersion, "synthetic-1"));
        e = Assert.Throws<ArgumentException>(() => SyntheticDataset.Write(_folder, SyntheticKind.Motion, 1, Tiny));
        Assert.Contains("rendered by generator synthetic-1", e.Message);
    }
}
