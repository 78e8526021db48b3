using VideoMae.Benchmarks;
using VideoMae.Data.Datasets;

namespace VideoMae.Tests.Benchmarks;

public sealed class DataBenchmarkTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-databench-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private VideoSource Source(int videos)
    {
        var list = Path.Combine(_folder, "list.txt");
        File.WriteAllLines(list, Enumerable.Range(0, videos).Select(i => $"v{i}.mp4 0 -1"));
        return new VideoSource(list, 4);
    }

    [Theory]
    [InlineData(3, 10, 12)]    // 10 clips need the list 4 times
    [InlineData(3, 9, 9)]      // exactly 3 times
    [InlineData(8, 5, 8)]      // a list longer than the clips is read once
    public void A_small_list_is_repeated_until_one_epoch_holds_the_clips(int videos, int clips, int expected)
    {
        var dataset = DataBenchmark.Covering(Source(videos), clips);
        Assert.Equal(expected, dataset.Items.Count);
        // In list order, each repetition the whole list.
        Assert.Equal(Enumerable.Range(0, expected).Select(i => Path.Combine(_folder, $"v{i % videos}.mp4")), dataset.Items.Select(i => i.Path));
    }

    [Fact]
    public void No_clips_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => DataBenchmark.Covering(Source(2), 0));
        Assert.Contains("clips", e.Message);
    }
}
