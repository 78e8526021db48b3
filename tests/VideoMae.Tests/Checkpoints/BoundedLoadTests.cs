using System.IO.Compression;
using TorchSharp;
using VideoMae.Checkpoints;
using VideoMae.Runtime;
using VideoMae.Tests.Checkpoints.Pth;
using VideoMae.Tests.Fixtures;
using static TorchSharp.torch;

namespace VideoMae.Tests.Checkpoints;

/// <summary>
/// Issue 24: a checkpoint cannot make a load allocate more than the tensors it declares (a view never reaches past,
/// repeats, or outnumbers its storage), and loaded into a model it cannot make the load allocate more than the
/// model needs: names and shapes are compared with the model before any tensor is built. Each hostile file is
/// small and written here.
/// </summary>
public sealed class BoundedLoadTests : IDisposable
{
    private static readonly ArchitectureHints Tiny = new() { Preset = "tiny" };
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-bounded-").FullName;
    private readonly DisposeScope _scope;

    public BoundedLoadTests()
    {
        TorchRuntime.EnsureLoaded();
        _scope = NewDisposeScope();
    }

    public void Dispose()
    {
        _scope.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string PathFor(string name) => Path.Combine(_folder, name);

    private static IReadOnlyDictionary<string, Tensor> Classifier() => Safetensors.Load(ReferenceFixtures.PathOf("tiny_p8.classifier.safetensors"));

    // The tiny classifier with the named tensors left out and the hand-written entries appended.
    private string ClassifierWith(string name, (string Key, Action<PickleBuilder> Value)[] extra, Dictionary<string, byte[]> storages, params string[] without) =>
        StateDictPth.Write(PathFor(name), Classifier().Where(p => !without.Contains(p.Key)).ToDictionary(), extra: extra, extraStorages: storages,
            compression: CompressionLevel.SmallestSize);

    // ---- views against their storage (.pth) -----------------------------------------------------------------------

    [Fact]
    public void The_issues_file_of_four_stride_0_views_is_refused_before_anything_is_built()
    {
        // Four [2^28] float views with stride 0 of one 4-element storage: 4 GiB from a file of well under a kilobyte.
        var pickle = new PickleBuilder().Proto()
            .Dict(Enumerable.Range(0, 4).Select(i => ($"w{i}", (Action<PickleBuilder>)(p => p.Tensor("FloatStorage", "0", 4, 0, [1L << 28], [0])))).ToArray())
            .Stop().ToArray();
        var path = PthFiles.Write(PathFor("repeat.pth"), pickle, new Dictionary<string, byte[]> { ["0"] = PthFiles.Floats(1, 2, 3, 4) });
        Assert.True(new FileInfo(path).Length < 1500);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        foreach (var load in new Action[] { () => PthReader.LoadStateDict(path), () => PthReader.LoadPickle(path), () => CheckpointLoader.LoadClassifier(path, Tiny) })
        {
            var e = Assert.Throws<InvalidDataException>(load);
            Assert.StartsWith(path + ": ", e.Message);
            Assert.Contains("stride 0", e.Message);
        }
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Theory]
    [InlineData(new long[] { 1 << 20 }, new long[] { 0 }, "'w' [1048576] with stride [0] at offset 0 has stride 0 in dimension 0")]
    [InlineData(new long[] { 3, 3 }, new long[] { 1, 1 }, "'w' [3, 3] with stride [1, 1] at offset 0 has 9 elements, more than the 5 of torch.FloatStorage '0'")]
    [InlineData(new long[] { 0, 1L << 62, 1L << 62 }, new long[] { 1, 1, 1 }, "'w' [0, 4611686018427387904, 4611686018427387904] with stride [1, 1, 1] at offset 0 is too large to address")]
    public void A_view_that_repeats_outnumbers_or_cannot_address_its_storage_is_refused(long[] size, long[] stride, string problem)
    {
        var pickle = new PickleBuilder().Proto().Dict(("w", p => p.Tensor("FloatStorage", "0", 5, 0, size, stride))).Stop().ToArray();
        var path = PthFiles.Write(PathFor("view.pth"), pickle, new Dictionary<string, byte[]> { ["0"] = PthFiles.Floats(1, 2, 3, 4, 5) });
        var e = Assert.Throws<InvalidDataException>(() => PthReader.LoadStateDict(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.True(e.Message.Contains(problem, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void A_small_view_of_a_large_storage_is_refused_by_the_budget()
    {
        // head.bias as 7 elements of a 16 Mi-element storage of zeros: 64 MiB to read for 28 bytes, compressed to a
        // file of a few hundred KiB. Neither the model nor the state dict needs anything near that.
        var path = ClassifierWith("big-storage.pth", [("head.bias", p => p.Tensor("FloatStorage", "big", 1L << 24, 0, [7], [1]))],
            new() { ["big"] = new byte[4 << 24] }, without: "head.bias");
        Assert.True(new FileInfo(path).Length < 2 << 20);
        foreach (var load in new Action[] { () => PthReader.LoadStateDict(path), () => CheckpointLoader.LoadClassifier(path, Tiny) })
        {
            var e = Assert.Throws<InvalidDataException>(load);
            Assert.StartsWith(path + ": ", e.Message);
            Assert.Contains("'big' (67108864 bytes)", e.Message);
        }
    }

    // ---- names and shapes before data ----------------------------------------------------------------------------

    [Fact]
    public void A_pth_is_checked_against_the_model_before_its_storages_are_read()
    {
        // An unknown key holding 64 MiB of zeros (a few KiB compressed): refused for its name, its storage never read.
        var path = ClassifierWith("junk.pth", [("junk", p => p.Tensor("FloatStorage", "junk", 1L << 24))], new() { ["junk"] = new byte[4 << 24] });
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => CheckpointLoader.LoadClassifier(path, Tiny));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("unexpected (no such model key): junk", e.Message);
        Assert.True(allocated < 16 << 20, $"{allocated} bytes allocated to refuse the file");
    }

    [Fact]
    public void A_safetensors_file_is_checked_against_the_model_before_its_data_is_read()
    {
        // A BOOL tensor holding 2s is refused when its data is read; an unknown key must be refused before that.
        var path = PathFor("junk.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor>(Classifier()) { ["junk"] = zeros([4], ScalarType.Bool) });
        var header = Safetensors.ReadHeader(path);
        var junk = header.Entries.Single(e => e.Name == "junk");
        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan((int)(header.DataStart + junk.Begin), (int)junk.ByteLength).Fill(2);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointLoader.LoadClassifier(path, Tiny));
        Assert.Contains("unexpected (no such model key): junk", e.Message);
    }

    [Fact]
    public void A_safetensors_shape_too_large_to_address_is_one_error_naming_the_tensor()
    {
        // [0, 2^62, 2^62] holds no bytes, but its strides overflow 64 bits ("Stride calculation overflowed" in libtorch).
        var path = PathFor("huge-empty.safetensors");
        var json = """{"w": {"dtype": "F32", "shape": [0, 4611686018427387904, 4611686018427387904], "data_offsets": [0, 0]}}""";
        var header = System.Text.Encoding.UTF8.GetBytes(json);
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)header.Length), .. header]);
        foreach (var load in new Action[] { () => Safetensors.Load(path), () => CheckpointFile.Read(path) })
        {
            var e = Assert.Throws<InvalidDataException>(load);
            Assert.StartsWith(path + ": ", e.Message);
            Assert.Contains("tensor 'w' has the shape [0, 4611686018427387904, 4611686018427387904], too large to address", e.Message);
        }
    }
}
