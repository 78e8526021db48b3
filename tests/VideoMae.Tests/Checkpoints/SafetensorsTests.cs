using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using VideoMae.Checkpoints;
using VideoMae.Runtime;
using VideoMae.Tests.Fixtures;
using static TorchSharp.torch;

namespace VideoMae.Tests.Checkpoints;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-st-").FullName;
    private readonly DisposeScope _scope;

    public SafetensorsTests()
    {
        TorchRuntime.EnsureLoaded();
        _scope = NewDisposeScope();
    }

    public void Dispose()
    {
        _scope.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Loads_the_reference_fixture_with_values_equal_to_a_hand_parse_of_the_bytes()
    {
        var path = ReferenceFixtures.PathOf("tiny_p8.pretrain.safetensors");
        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, n));
        var tensors = Safetensors.Load(path);
        Assert.Equal(header.RootElement.EnumerateObject().Count(p => p.Name != "__metadata__"), tensors.Count);
        Assert.Equal(new long[] { 64, 3, 2, 8, 8 }, tensors["encoder.patch_embed.proj.weight"].shape);
        var entry = header.RootElement.GetProperty("decoder.norm.bias").GetProperty("data_offsets");
        var begin = 8 + n + entry[0].GetInt32();
        var expected = Enumerable.Range(0, 32).Select(i => BitConverter.ToSingle(bytes, begin + 4 * i)).ToArray();
        Assert.Equal(expected, tensors["decoder.norm.bias"].data<float>().ToArray());
        Assert.Equal("tiny_p8", Safetensors.LoadMetadata(path)["name"]);
    }

    [Fact]
    public void Every_dtype_round_trips_exactly_and_the_file_is_deterministic()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = randn(3, 4),
            ["f16"] = tensor(new[] { 1f, -2.5f, 0.5f, 65504f }).to_type(ScalarType.Float16),
            ["bf16"] = tensor(new[] { 1f, -2.5f, 0.5f, 3.0e38f }).to_type(ScalarType.BFloat16),
            ["u8"] = tensor(new byte[] { 0, 7, 255 }),
            ["bool"] = tensor(new[] { true, false, true }),
            ["i64"] = tensor(new[] { long.MinValue, 0, long.MaxValue }),
            ["scalar"] = tensor(3.25f),
            ["empty"] = zeros(0, 5),
        };
        var a = Path.Combine(_folder, "a.safetensors");
        var b = Path.Combine(_folder, "b.safetensors");
        Safetensors.Save(a, tensors, new Dictionary<string, string> { ["k"] = "v" });
        Safetensors.Save(b, tensors, new Dictionary<string, string> { ["k"] = "v" });
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal(0, (long)BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(a)) % 8);
        var loaded = Safetensors.Load(a);
        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), Safetensors.ReadHeader(a).Entries.Select(e => e.Name));
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.dtype, loaded[name].dtype);
            Assert.Equal(t.shape, loaded[name].shape);
            Assert.True(t.to_type(ScalarType.Float64).equal(loaded[name].to_type(ScalarType.Float64)).all().item<bool>(), name);
        }
        Assert.Equal("v", Safetensors.LoadMetadata(a)["k"]);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp-*"));
    }

    private string Raw(string json, int dataBytes, long? claimedLength = null)
    {
        var path = Path.Combine(_folder, $"bad-{Guid.NewGuid():N}.safetensors");
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(claimedLength ?? header.Length));
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static TheoryData<string, int, string> BadHeaders => new()
    {
        { """{"a": {"dtype": "Q9", "shape": [1], "data_offsets": [0, 4]}}""", 4, "unsupported dtype 'Q9'" },
        { """{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}}""", 4, "needs 8" },
        { """{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}""", 2, "outside" },
        { """{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}""", 8, "overlaps" },
        { """[1, 2]""", 0, "not a JSON object" },
        { """{"a": """, 0, "not valid JSON" },
    };

    [Theory, MemberData(nameof(BadHeaders))]
    public void A_corrupt_file_is_rejected_naming_the_file_and_the_problem(string json, int dataBytes, string expected)
    {
        var path = Raw(json, dataBytes);
        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_short_file_or_an_oversized_header_length_is_rejected()
    {
        var tiny = Path.Combine(_folder, "tiny.safetensors");
        File.WriteAllBytes(tiny, [1, 2, 3]);
        Assert.Contains("8-byte header length", Assert.Throws<InvalidDataException>(() => Safetensors.Load(tiny)).Message);
        Assert.Contains("claims", Assert.Throws<InvalidDataException>(() => Safetensors.Load(Raw("{}", 0, claimedLength: 1 << 20))).Message);
    }
}
