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
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-safetensors-").FullName;
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

    // ---- An independent reading of the format, written from the spec, for the tests to compare against ----

    private sealed record RawFile(byte[] Bytes, long HeaderLength, JsonDocument Header) : IDisposable
    {
        public long DataStart => 8 + HeaderLength;
        public JsonProperty[] Tensors => Header.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__").ToArray();
        public (long Begin, long End) Offsets(string name)
        {
            var o = Header.RootElement.GetProperty(name).GetProperty("data_offsets");
            return (o[0].GetInt64(), o[1].GetInt64());
        }
        public void Dispose() => Header.Dispose();
    }

    private static RawFile ReadRaw(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return new RawFile(bytes, n, JsonDocument.Parse(bytes.AsMemory(8, (int)n)));
    }

    private static byte[] BytesOf(Tensor t) => t.cpu().contiguous().bytes.ToArray();

    // ---- The reference fixtures (written by the official Python tooling) ----

    [Fact]
    public void The_io_fixture_has_the_documented_tensors_and_the_config_in_its_metadata()
    {
        var path = ReferenceFixtures.PathOf("tiny_p8.io.safetensors");
        var tensors = Safetensors.Load(path);
        Assert.Equal(new long[] { 2, 3, 8, 32, 32 }, tensors["input.video"].shape);
        Assert.Equal(ScalarType.Float32, tensors["input.video"].dtype);
        Assert.Equal(new long[] { 2, 64 }, tensors["input.encoder_mask"].shape);
        Assert.Equal(ScalarType.Byte, tensors["input.encoder_mask"].dtype); // stored as U8, not BOOL
        Assert.Equal(new long[] { 4, 4, 16 }, tensors["masks.running_cell_50.all_offsets"].shape);
        // Tube masking at 90% hides 14 of 16 tokens in each of 4 time slots: 56 hidden, 8 visible, as the
        // expected encoder output [2, 8, 64] says.
        Assert.Equal(new long[] { 56, 56 }, tensors["input.encoder_mask"].sum(1).data<long>().ToArray());
        Assert.Equal(new long[] { 2, 8, 64 }, tensors["expected.encoder_output"].shape);

        var metadata = Safetensors.LoadMetadata(path);
        Assert.Equal("tiny_p8", metadata["name"]);
        Assert.Equal("64", metadata["encoder_dim"]);
        Assert.Equal("8", metadata["patch_size"]);
        Assert.Equal("2", metadata["tubelet"]);
    }

    [Fact]
    public void The_pretrain_fixture_loads_every_header_entry_in_header_order()
    {
        var path = ReferenceFixtures.PathOf("tiny_p8.pretrain.safetensors");
        using var raw = ReadRaw(path);
        var tensors = Safetensors.Load(path);

        Assert.Equal(new long[] { 64, 3, 2, 8, 8 }, tensors["encoder.patch_embed.proj.weight"].shape);
        Assert.Equal(new long[] { 1, 1, 32 }, tensors["mask_token"].shape);
        Assert.Equal(raw.Tensors.Length, tensors.Count);
        Assert.Equal(raw.Tensors.Select(p => p.Name), tensors.Keys);
        Assert.All(tensors.Values, t => Assert.Equal(ScalarType.Float32, t.dtype));
        Assert.All(tensors, p => Assert.Equal(
            raw.Header.RootElement.GetProperty(p.Key).GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), p.Value.shape));
    }

    [Theory]
    [InlineData("tiny_p8.pretrain.safetensors", "mask_token")]
    [InlineData("tiny_p8.pretrain.safetensors", "encoder.patch_embed.proj.bias")]
    [InlineData("tiny_p8.classifier.safetensors", "head.bias")]
    public void Float_values_equal_a_hand_decoding_of_the_file_bytes(string file, string name)
    {
        var path = ReferenceFixtures.PathOf(file);
        using var raw = ReadRaw(path);
        var (begin, end) = raw.Offsets(name);
        var expected = new float[(end - begin) / 4];
        for (var i = 0; i < expected.Length; i++)
            expected[i] = BitConverter.ToSingle(raw.Bytes, (int)(raw.DataStart + begin + 4 * i));

        var actual = Safetensors.Load(path)[name].flatten().data<float>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]));
        Assert.Contains(expected, v => v != 0); // the biases were perturbed away from zero
    }

    [Fact]
    public void Byte_values_equal_a_hand_decoding_of_the_file_bytes()
    {
        var path = ReferenceFixtures.PathOf("tiny_p8.io.safetensors");
        using var raw = ReadRaw(path);
        var (begin, end) = raw.Offsets("input.encoder_mask");
        var expected = raw.Bytes.AsSpan((int)(raw.DataStart + begin), (int)(end - begin)).ToArray();
        Assert.Equal(expected, Safetensors.Load(path)["input.encoder_mask"].flatten().data<byte>().ToArray());
    }

    [Fact]
    public void The_header_can_be_inspected_without_reading_data()
    {
        var path = ReferenceFixtures.PathOf("tiny_p8.classifier.safetensors");
        using var raw = ReadRaw(path);
        var header = Safetensors.ReadHeader(path);
        Assert.Equal(raw.DataStart, header.DataStart);
        Assert.Equal(raw.Bytes.Length - raw.DataStart, header.DataLength);
        Assert.Equal(raw.Tensors.Select(p => p.Name), header.Entries.Select(e => e.Name));
        var weight = header.Entries.Single(e => e.Name == "patch_embed.proj.weight");
        Assert.Equal("F32", weight.DType);
        Assert.Equal(new long[] { 64, 3, 2, 8, 8 }, weight.Shape);
        Assert.Equal(64L * 3 * 2 * 8 * 8 * 4, weight.ByteLength);
        Assert.Equal("tiny_p8", header.Metadata["name"]);
    }

    // ---- Round trips ----

    private static Dictionary<string, Tensor> EveryDtype() => new()
    {
        ["f32"] = tensor(new[] { 1.5f, -0f, float.NaN, float.PositiveInfinity, float.Epsilon, -3.25e38f }).reshape(2, 3),
        ["f32.random"] = randn(3, 4, 5, generator: new Generator(7)),
        ["f32.transposed"] = arange(12, dtype: ScalarType.Float32).reshape(3, 4).t(),
        ["f16"] = (randn(2, 3, 4, generator: new Generator(8)) * 100).to_type(ScalarType.Float16),
        ["bf16"] = (randn(5, 7, generator: new Generator(9)) * 1e20).to_type(ScalarType.BFloat16),
        ["f64"] = tensor(new[] { Math.PI, -1e300, double.Epsilon }),
        ["u8"] = arange(256, dtype: ScalarType.Int32).to_type(ScalarType.Byte).reshape(4, 64),
        ["bool"] = tensor(new[] { true, false, false, true, true, false }).reshape(3, 1, 2),
        ["i32"] = tensor(new[] { int.MinValue, -1, 0, int.MaxValue }),
        ["i64"] = tensor(new[] { long.MinValue, -1, 0, 1L << 40, long.MaxValue }),
        ["scalar"] = tensor(3.25f),
        ["scalar.i64"] = tensor(-42L),
        ["empty"] = zeros(0, 5),
        ["empty.middle"] = zeros(new long[] { 3, 0, 2 }, dtype: ScalarType.Int64),
    };

    [Fact]
    public void Every_supported_dtype_round_trips_exactly()
    {
        var tensors = EveryDtype();
        var path = Path.Combine(_folder, "all.safetensors");
        Safetensors.Save(path, tensors);
        var loaded = Safetensors.Load(path);

        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), loaded.Keys);
        foreach (var (name, original) in tensors)
        {
            var back = loaded[name];
            Assert.Equal(original.dtype, back.dtype);
            Assert.Equal(original.shape, back.shape);
            Assert.True(back.is_contiguous(), name);
            Assert.Equal(DeviceType.CPU, back.device_type);
            Assert.Equal(BytesOf(original), BytesOf(back)); // bit-exact, NaN and -0 included
        }
        Assert.Equal(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, loaded["f32.transposed"].flatten().data<float>().ToArray());
        Assert.Equal(3.25f, loaded["scalar"].item<float>());
        Assert.Empty(Safetensors.LoadMetadata(path));
    }

    [Fact]
    public void Metadata_round_trips_including_quotes_and_non_ascii_text()
    {
        var metadata = new Dictionary<string, string>
        {
            ["config"] = """{"name": "tiny_p8", "dims": [64, 32]}""",
            ["ünïcödé ✓"] = "line\nbreak\ttab \\ back <+>",
            ["empty"] = "",
        };
        var path = Path.Combine(_folder, "meta.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = ones(2) }, metadata);

        var back = Safetensors.LoadMetadata(path);
        Assert.Equal(metadata.OrderBy(p => p.Key, StringComparer.Ordinal), back);
        using var raw = ReadRaw(path);
        Assert.Equal("__metadata__", raw.Header.RootElement.EnumerateObject().First().Name);
    }

    [Fact]
    public void The_written_layout_is_sorted_contiguous_and_aligned_for_every_header_length()
    {
        // Eight metadata lengths give eight different JSON lengths modulo 8, so every amount of padding occurs.
        for (var extra = 0; extra < 8; extra++)
        {
            var path = Path.Combine(_folder, $"layout-{extra}.safetensors");
            Safetensors.Save(path, EveryDtype(), new Dictionary<string, string> { ["pad"] = new string('x', extra) });
            using var raw = ReadRaw(path);

            Assert.Equal(0, raw.DataStart % 8);
            var json = Encoding.UTF8.GetString(raw.Bytes, 8, (int)raw.HeaderLength);
            Assert.Equal(json.TrimEnd(' ').Length, json.LastIndexOf('}') + 1);
            Assert.True(raw.HeaderLength - json.TrimEnd(' ').Length < 8);

            var names = raw.Tensors.Select(p => p.Name).ToArray();
            Assert.Equal(names.Order(StringComparer.Ordinal), names);
            long expectedBegin = 0;
            foreach (var name in names)
            {
                var (begin, end) = raw.Offsets(name);
                Assert.Equal(expectedBegin, begin);
                expectedBegin = end;
            }
            Assert.Equal(raw.Bytes.Length - raw.DataStart, expectedBegin);
        }
    }

    [Fact]
    public void The_same_content_gives_byte_identical_files_whatever_the_insertion_order()
    {
        var tensors = EveryDtype();
        var reversed = tensors.Reverse().ToDictionary(p => p.Key, p => p.Value);
        var metadata = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" };
        var a = Path.Combine(_folder, "a.safetensors");
        var b = Path.Combine(_folder, "b.safetensors");
        Safetensors.Save(a, tensors, metadata);
        Safetensors.Save(b, reversed, metadata.Reverse().ToDictionary(p => p.Key, p => p.Value));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void A_fixture_rewritten_by_save_loads_back_bit_identical()
    {
        var source = ReferenceFixtures.PathOf("tiny_p8.pretrain.safetensors");
        var original = Safetensors.Load(source);
        var copy = Path.Combine(_folder, "copy.safetensors");
        Safetensors.Save(copy, original, Safetensors.LoadMetadata(source));
        var back = Safetensors.Load(copy);
        Assert.Equal(original.Count, back.Count);
        Assert.All(original, p => Assert.Equal(BytesOf(p.Value), BytesOf(back[p.Key])));
        Assert.Equal(Safetensors.LoadMetadata(source).OrderBy(p => p.Key, StringComparer.Ordinal), Safetensors.LoadMetadata(copy));
    }

    [Fact]
    public void Load_puts_tensors_on_the_requested_device()
    {
        var path = Path.Combine(_folder, "device.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = arange(6, dtype: ScalarType.Float32) });
        var device = cuda.is_available() ? CUDA : CPU;
        var x = Safetensors.Load(path, device)["x"];
        Assert.Equal(device.type, x.device_type);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, x.cpu().data<float>().ToArray());
        // And back out from that device.
        var again = Path.Combine(_folder, "device-again.safetensors");
        Safetensors.Save(again, new Dictionary<string, Tensor> { ["x"] = x });
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
    }

    [Fact]
    public void Large_tensors_pass_through_in_whole_element_chunks()
    {
        var t = arange(10, dtype: ScalarType.Float32);
        var seen = new List<int>();
        var collected = new List<byte>();
        Safetensors.ForEachChunk(t, maxChunkBytes: 13, chunk =>
        {
            seen.Add(chunk.Length);
            collected.AddRange(chunk.ToArray());
        });
        Assert.Equal(new[] { 12, 12, 12, 4 }, seen);
        Assert.Equal(BytesOf(t), collected);

        var target = zeros(10);
        var offset = 0;
        var source = BytesOf(t);
        Safetensors.ForEachChunk(target, maxChunkBytes: 8, chunk =>
        {
            source.AsSpan(offset, chunk.Length).CopyTo(chunk);
            offset += chunk.Length;
        });
        Assert.Equal(t.data<float>().ToArray(), target.data<float>().ToArray());
    }

    // ---- Atomic save ----

    [Fact]
    public void Save_replaces_an_existing_file_and_leaves_no_temporary_files()
    {
        var path = Path.Combine(_folder, "model.safetensors");
        File.WriteAllText(path, "an older, longer file that is not safetensors at all ......................................");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = tensor(new[] { 2f, 2f, 2f }) });
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["v"] = tensor(new[] { 5L, 5L }) });

        var loaded = Safetensors.Load(path);
        Assert.Equal(new[] { "v" }, loaded.Keys);
        Assert.Equal(new long[] { 5, 5 }, loaded["v"].data<long>().ToArray());
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp-*"));
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_failed_save_keeps_the_old_file_and_leaves_no_temporary_files()
    {
        var path = Path.Combine(_folder, "model.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = ones(3) });
        var before = File.ReadAllBytes(path);

        var e = Assert.Throws<ArgumentException>(() =>
            Safetensors.Save(path, new Dictionary<string, Tensor> { ["a"] = ones(1), ["c"] = ones(2, dtype: ScalarType.ComplexFloat32) }));
        Assert.Contains("'c'", e.Message);
        Assert.Contains("ComplexFloat32", e.Message);
        Assert.Throws<ArgumentException>(() => Safetensors.Save(path, new Dictionary<string, Tensor> { ["__metadata__"] = ones(1) }));
        Assert.Throws<ArgumentException>(() => Safetensors.Save(path, new Dictionary<string, Tensor> { ["s"] = ones(1, dtype: ScalarType.Int16) }));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder));
    }

    // ---- Malformed files ----

    private string WriteRaw(string json, int dataBytes, ulong? claimedLength = null, byte fill = 0)
    {
        var path = Path.Combine(_folder, $"bad-{Guid.NewGuid():N}.safetensors");
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimedLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        bytes.AsSpan(8 + header.Length).Fill(fill);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void AssertRejected(string path, string problem)
    {
        foreach (var read in new Action[] { () => Safetensors.Load(path), () => Safetensors.ReadHeader(path), () => Safetensors.LoadMetadata(path) })
        {
            var e = Assert.Throws<InvalidDataException>(read);
            Assert.StartsWith(path + ": ", e.Message);
            Assert.Contains(problem, e.Message);
        }
    }

    public static TheoryData<string, int, string> BadHeaders => new()
    {
        { """{"a": {"dtype": "Q9", "shape": [1], "data_offsets": [0, 4]}}""", 4, "unknown dtype 'Q9'" },
        { """{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}}""", 4, "has 4 bytes of data but F32 [2] needs 8" },
        { """{"a": {"dtype": "I64", "shape": [], "data_offsets": [0, 4]}}""", 8, "has 4 bytes of data but I64 [] needs 8" },
        { """{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}""", 2, "outside the 2-byte data buffer" },
        { """{"a": {"dtype": "F32", "shape": [1], "data_offsets": [8, 4]}}""", 8, "end is before its begin" },
        { """{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}""", 8, "overlaps" },
        { """{"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 12]}, "e": {"dtype": "F32", "shape": [0], "data_offsets": [4, 4]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [8, 12]}}""", 12, "'b' [8, 12) overlaps that of 'a' [0, 12)" },
        { """{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}""", 8, "'a' appears more than once" },
        { """{"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}""", 4, "not a list of non-negative integers" },
        { """{"a": {"dtype": "F32", "shape": [1.5], "data_offsets": [0, 4]}}""", 4, "not a list of non-negative integers" },
        { """{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0]}}""", 4, "1 data_offsets instead of two" },
        { """{"a": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 4]}}""", 4, "too large to address" },
        { """{"a": {"dtype": "F32", "shape": [0, 4611686018427387904, 4611686018427387904], "data_offsets": [0, 0]}}""", 0, "too large to address" },
        { """{"a": {"shape": [1], "data_offsets": [0, 4]}}""", 4, "no dtype" },
        { """{"a": [1, 2]}""", 0, "not an object" },
        { """{"__metadata__": {"n": 1}}""", 0, "maps 'n' to a JSON number, not a string" },
        { """{"__metadata__": "x"}""", 0, "__metadata__ is a JSON string" },
        { """[1, 2]""", 0, "the header is a JSON array, not an object" },
        { """{"a": """, 0, "not valid JSON" },
        { "", 0, "not valid JSON" },
    };

    [Theory, MemberData(nameof(BadHeaders))]
    public void A_malformed_header_is_rejected_naming_the_file_and_the_problem(string json, int dataBytes, string problem) =>
        AssertRejected(WriteRaw(json, dataBytes), problem);

    [Fact]
    public void A_header_that_is_not_utf8_is_rejected()
    {
        var path = WriteRaw("{\"a\":1}", 0);
        var bytes = File.ReadAllBytes(path);
        bytes[10] = 0xFF;
        File.WriteAllBytes(path, bytes);
        AssertRejected(path, "not valid UTF-8");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void A_file_shorter_than_the_length_prefix_is_rejected(int length)
    {
        var path = Path.Combine(_folder, $"short-{length}.safetensors");
        File.WriteAllBytes(path, new byte[length]);
        AssertRejected(path, $"the file has {length} bytes, fewer than the 8-byte header length");
    }

    [Theory]
    [InlineData(1000UL)]
    [InlineData(ulong.MaxValue)]
    public void A_header_length_beyond_the_end_of_the_file_is_rejected(ulong claimed) =>
        AssertRejected(WriteRaw("{}", 0, claimedLength: claimed), $"the header length is {claimed} bytes but only 2 bytes follow it");

    [Fact]
    public void An_oversized_header_length_is_rejected_before_anything_is_allocated()
    {
        var path = Path.Combine(_folder, "huge.safetensors");
        using (var stream = File.Create(path))
        {
            var prefix = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, 150_000_000);
            stream.Write(prefix);
            stream.SetLength(200_000_000); // sparse: costs no disk
        }
        AssertRejected(path, "exceeds the 100000000-byte limit");
    }

    [Fact]
    public void A_bool_tensor_with_a_byte_other_than_0_or_1_is_rejected()
    {
        var path = WriteRaw("""{"ok": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "b": {"dtype": "BOOL", "shape": [2], "data_offsets": [4, 6]}}""", 6, fill: 2);
        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("BOOL tensor 'b' holds a byte other than 0 or 1", e.Message);
    }

    [Fact]
    public void Trailing_padding_and_empty_tensors_at_any_offset_are_accepted()
    {
        var path = WriteRaw("""{"e": {"dtype": "F32", "shape": [0, 3], "data_offsets": [2, 2]}, "u": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2]}}      """, 2, fill: 9);
        var loaded = Safetensors.Load(path);
        Assert.Equal(new long[] { 0, 3 }, loaded["e"].shape);
        Assert.Equal(new byte[] { 9, 9 }, loaded["u"].data<byte>().ToArray());
        Assert.Equal(new[] { "e", "u" }, loaded.Keys);
    }
}
