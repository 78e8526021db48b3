using System.IO.Compression;
using System.Numerics;
using TorchSharp;
using VideoMae.Checkpoints;
using VideoMae.Checkpoints.Pickle;
using VideoMae.Runtime;
using VideoMae.Tests.Checkpoints.Pth;
using VideoMae.Tests.Fixtures;
using static TorchSharp.torch;

namespace VideoMae.Tests.Checkpoints;

public sealed class PthReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-pth-").FullName;
    private readonly DisposeScope _scope;

    public PthReaderTests()
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

    // ---- real checkpoints written by PyTorch 1.13 ---------------------------------------------------------------

    [Theory]
    [InlineData("tiny_p8.pretrain")]
    [InlineData("tiny_p8.classifier")]
    public void The_state_dict_equals_the_safetensors_copy_bit_for_bit(string name)
    {
        var fromPth = PthReader.LoadStateDict(ReferenceFixtures.PathOf($"{name}.pth"));
        var fromSafetensors = Safetensors.Load(ReferenceFixtures.PathOf($"{name}.safetensors"));
        Assert.NotEmpty(fromPth);
        Assert.Equal(fromSafetensors.Keys.Order(StringComparer.Ordinal), fromPth.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, expected) in fromSafetensors)
        {
            var actual = fromPth[key];
            Assert.Equal(expected.dtype, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            Assert.Equal(DeviceType.CPU, actual.device_type);
            Assert.True(actual.is_contiguous(), key);
            Assert.True(expected.bytes.SequenceEqual(actual.bytes), $"{key}: bytes differ");
        }
    }

    [Fact]
    public void The_state_dict_keeps_the_pickle_order()
    {
        var keys = PthReader.LoadStateDict(ReferenceFixtures.PathOf("tiny_p8.pretrain.pth")).Keys.ToList();
        Assert.Equal("mask_token", keys[0]);
        Assert.Equal("encoder.patch_embed.proj.weight", keys[1]);
    }

    [Fact]
    public void LoadPickle_gives_the_top_level_dict_with_the_model_entry()
    {
        var root = Assert.IsType<Dictionary<object, object?>>(PthReader.LoadPickle(ReferenceFixtures.PathOf("tiny_p8.pretrain.pth")));
        Assert.Equal(new object[] { "model" }, root.Keys);
        var model = Assert.IsType<Dictionary<object, object?>>(root["model"]);
        var mask = Assert.IsType<Tensor>(model["mask_token"]);
        Assert.Equal(new long[] { 1, 1, 32 }, mask.shape);
        Assert.All(model.Values, v => Assert.IsType<Tensor>(v));
    }

    [Fact]
    public void The_classifier_OrderedDict_metadata_attribute_is_ignored()
    {
        var root = Assert.IsType<Dictionary<object, object?>>(PthReader.LoadPickle(ReferenceFixtures.PathOf("tiny_p8.classifier.pth")));
        var module = Assert.IsType<Dictionary<object, object?>>(root["module"]);
        Assert.DoesNotContain("_metadata", module.Keys);
        Assert.All(module.Values, v => Assert.IsType<Tensor>(v));
    }

    // ---- crafted pickles ----------------------------------------------------------------------------------------

    [Fact]
    public void A_global_outside_the_allow_list_is_refused_and_nothing_runs()
    {
        var marker = PathFor("pwned");
        var pickle = new PickleBuilder().Proto().Global("os", "system").Str($"touch {marker}").Tuple1().Reduce().Stop().ToArray();
        var path = PthFiles.Write(PathFor("evil.pth"), pickle);
        var e = Assert.Throws<InvalidDataException>(() => PthReader.LoadStateDict(path));
        Assert.Contains("'os.system'", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Throws<InvalidDataException>(() => PthReader.LoadPickle(path));
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData("builtins", "eval")]
    [InlineData("torch", "load")]
    [InlineData("collections", "defaultdict")]
    [InlineData("torch._utils", "_rebuild_tensor")]
    public void Other_globals_are_refused_by_name(string module, string name)
    {
        var pickle = new PickleBuilder().Proto().Global(module, name).Stop().ToArray();
        var path = PthFiles.Write(PathFor("global.pth"), pickle);
        var e = Assert.Throws<InvalidDataException>(() => PthReader.LoadPickle(path));
        Assert.Contains($"'{module}.{name}'", e.Message);
    }

    [Fact]
    public void Half_and_bfloat16_storages_keep_their_dtype_and_values()
    {
        var pickle = new PickleBuilder().Proto()
            .Dict(("half", p => p.Tensor("HalfStorage", "0", 3)), ("bf16", p => p.Tensor("BFloat16Storage", "1", 3)))
            .Stop().ToArray();
        var path = PthFiles.Write(PathFor("halves.pth"), pickle, new Dictionary<string, byte[]>
        {
            ["0"] = PthFiles.Halves(0x3C00, 0xC100, 0x3800),
            ["1"] = PthFiles.Halves(0x3F80, 0xC020, 0x3F00),
        });
        var sd = PthReader.LoadStateDict(path);
        Assert.Equal(new[] { "half", "bf16" }, sd.Keys);
        Assert.Equal(ScalarType.Float16, sd["half"].dtype);
        Assert.Equal(ScalarType.BFloat16, sd["bf16"].dtype);
        Assert.Equal(new[] { 1f, -2.5f, 0.5f }, sd["half"].to_type(ScalarType.Float32).data<float>().ToArray());
        Assert.Equal(new[] { 1f, -2.5f, 0.5f }, sd["bf16"].to_type(ScalarType.Float32).data<float>().ToArray());
    }

    [Fact]
    public void Every_storage_type_maps_to_its_dtype()
    {
        var cases = new (string Storage, byte[] Bytes, ScalarType DType, double[] Values)[]
        {
            ("FloatStorage", PthFiles.Floats(1.5f, -2f), ScalarType.Float32, [1.5, -2]),
            ("DoubleStorage", [.. BitConverter.GetBytes(0.25), .. BitConverter.GetBytes(-8.0)], ScalarType.Float64, [0.25, -8]),
            ("LongStorage", [.. BitConverter.GetBytes(-3L), .. BitConverter.GetBytes(1L << 40)], ScalarType.Int64, [-3, 1L << 40]),
            ("IntStorage", [.. BitConverter.GetBytes(-7), .. BitConverter.GetBytes(9)], ScalarType.Int32, [-7, 9]),
            ("ByteStorage", [200, 3], ScalarType.Byte, [200, 3]),
            ("BoolStorage", [1, 0], ScalarType.Bool, [1, 0]),
        };
        var builder = new PickleBuilder().Proto();
        builder.Dict(cases.Select((c, i) => (c.Storage, (Action<PickleBuilder>)(p => p.Tensor(c.Storage, $"{i}", 2)))).ToArray()).Stop();
        var path = PthFiles.Write(PathFor("types.pth"), builder.ToArray(),
            cases.Select((c, i) => (Key: $"{i}", c.Bytes)).ToDictionary(c => c.Key, c => c.Bytes));
        var sd = PthReader.LoadStateDict(path);
        foreach (var c in cases)
        {
            Assert.Equal(c.DType, sd[c.Storage].dtype);
            Assert.Equal(c.Values, sd[c.Storage].to_type(ScalarType.Float64).data<double>().ToArray());
        }
    }

    [Fact]
    public void A_transposed_view_comes_back_contiguous_in_view_order()
    {
        // storage [0 1 2 3 4 5]; size (3, 2), stride (1, 3) is the transpose of the 2x3 matrix [[0 1 2] [3 4 5]].
        var pickle = new PickleBuilder().Proto()
            .Dict(("t", p => p.Tensor("FloatStorage", "0", 6, 0, [3, 2], [1, 3])))
            .Stop().ToArray();
        var path = PthFiles.Write(PathFor("transposed.pth"), pickle, new Dictionary<string, byte[]> { ["0"] = PthFiles.Floats(0, 1, 2, 3, 4, 5) });
        var t = PthReader.LoadStateDict(path)["t"];
        Assert.Equal(new long[] { 3, 2 }, t.shape);
        Assert.True(t.is_contiguous());
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, t.data<float>().ToArray());
    }

    [Fact]
    public void A_storage_offset_is_honoured_and_views_of_one_storage_are_independent()
    {
        var pickle = new PickleBuilder().Proto()
            .Dict(
                ("tail", p => p.Tensor("FloatStorage", "0", 6, 2, [3], [1])),
                ("head", p => p.Tensor("FloatStorage", "0", 6, 0, [2], [1])),
                ("strided", p => p.Tensor("FloatStorage", "0", 6, 1, [2, 2], [3, 1])),
                ("scalar", p => p.Tensor("FloatStorage", "0", 6, 5, [], [])),
                ("empty", p => p.Tensor("FloatStorage", "0", 6, 6, [0, 4], [4, 1])))
            .Stop().ToArray();
        var path = PthFiles.Write(PathFor("offset.pth"), pickle, new Dictionary<string, byte[]> { ["0"] = PthFiles.Floats(10, 11, 12, 13, 14, 15) });
        var sd = PthReader.LoadStateDict(path);
        Assert.Equal(new float[] { 12, 13, 14 }, sd["tail"].data<float>().ToArray());
        Assert.Equal(new float[] { 10, 11 }, sd["head"].data<float>().ToArray());
        Assert.Equal(new float[] { 11, 12, 14, 15 }, sd["strided"].data<float>().ToArray());
        Assert.Empty(sd["scalar"].shape);
        Assert.Equal(15f, sd["scalar"].item<float>());
        Assert.Equal(new long[] { 0, 4 }, sd["empty"].shape);
        sd["head"].add_(100);
        Assert.Equal(new float[] { 12, 13, 14 }, sd["tail"].data<float>().ToArray());
    }

    [Fact]
    public void LoadPickle_returns_plain_values_and_an_opaque_namespace()
    {
        var pickle = new PickleBuilder().Proto().EmptyDict().Put(0).Mark()
            .Str("epoch").Int(7)
            .Str("neg").Int(-5)
            .Str("wide").Int(70000)
            .Str("big").Long1(BigInteger.Pow(2, 70))
            .Str("lr").Float(1.5e-3)
            .Str("flags").Mark().Bool(true).Bool(false).None().Tuple()
            .Str("list").EmptyList().Put(1).Mark().Int(1).Int(2).Appends().Int(3).Append()
            .Str("again").Get(1)
            .Str("args").Global("argparse", "Namespace").EmptyTuple().NewObj()
                .EmptyDict().Mark().Str("model").Str("vit_base").Str("batch_size").Int(8).SetItems().Build()
            .Str("model").Global("collections", "OrderedDict").EmptyTuple().Reduce().Put(2)
                .Mark().Str("w").Tensor("FloatStorage", "0", 2).SetItems()
                .EmptyDict().Str("_metadata").Global("collections", "OrderedDict").EmptyTuple().Reduce().SetItem().Build()
            .SetItems().Stop().ToArray();
        var path = PthFiles.Write(PathFor("full.pth"), pickle, new Dictionary<string, byte[]> { ["0"] = PthFiles.Floats(4, 5) });

        var root = Assert.IsType<Dictionary<object, object?>>(PthReader.LoadPickle(path));
        Assert.Equal(new object[] { "epoch", "neg", "wide", "big", "lr", "flags", "list", "again", "args", "model" }, root.Keys);
        Assert.Equal(7L, root["epoch"]);
        Assert.Equal(-5L, root["neg"]);
        Assert.Equal(70000L, root["wide"]);
        Assert.Equal(BigInteger.Pow(2, 70), root["big"]);
        Assert.Equal(1.5e-3, root["lr"]);
        Assert.Equal(new object?[] { true, false, null }, Assert.IsType<object?[]>(root["flags"]));
        Assert.Equal(new List<object?> { 1L, 2L, 3L }, Assert.IsType<List<object?>>(root["list"]));
        Assert.Same(root["list"], root["again"]);
        var args = Assert.IsType<PickledNamespace>(root["args"]);
        Assert.Equal("vit_base", args.Attributes["model"]);
        Assert.Equal(8L, args.Attributes["batch_size"]);
        var model = Assert.IsType<Dictionary<object, object?>>(root["model"]);
        Assert.Equal(new object[] { "w" }, model.Keys);
        Assert.Equal(new float[] { 4, 5 }, Assert.IsType<Tensor>(model["w"]).data<float>().ToArray());

        var sd = PthReader.LoadStateDict(path);
        Assert.Equal(new[] { "w" }, sd.Keys);
    }

    [Fact]
    public void Ints_between_32_and_64_bits_come_back_as_longs()
    {
        // LONG1 carries them; a storage of more than 2^31 elements, or an offset that far into one, needs them as longs.
        var pickle = new PickleBuilder().Proto().Dict(("up", p => p.Int(1L << 40)), ("down", p => p.Int(-(1L << 40)))).Stop().ToArray();
        var root = Assert.IsType<Dictionary<object, object?>>(PthReader.LoadPickle(PthFiles.Write(PathFor("longs.pth"), pickle)));
        Assert.Equal(1L << 40, Assert.IsType<long>(root["up"]));
        Assert.Equal(-(1L << 40), Assert.IsType<long>(root["down"]));
    }

    [Fact]
    public void The_state_dict_is_found_under_module_or_state_dict_and_parameters_unwrap()
    {
        Action<PickleBuilder> parameter = p => p.Global("torch._utils", "_rebuild_parameter").Mark()
            .Tensor("FloatStorage", "0", 1).Bool(true).Global("collections", "OrderedDict").EmptyTuple().Reduce().Tuple().Reduce();
        var pickle = new PickleBuilder().Proto()
            .Dict(("epoch", p => p.Int(3)), ("model", p => p.Int(1)), ("state_dict", p => p.Dict(("p", parameter))))
            .Stop().ToArray();
        var path = PthFiles.Write(PathFor("nested.pth"), pickle, new Dictionary<string, byte[]> { ["0"] = PthFiles.Floats(2.5f) });
        var sd = PthReader.LoadStateDict(path);
        Assert.Equal(new[] { "p" }, sd.Keys);
        Assert.Equal(2.5f, sd["p"].item<float>());
    }

    [Fact]
    public void No_state_dict_is_an_error_listing_the_top_level_keys()
    {
        var pickle = new PickleBuilder().Proto().Dict(("epoch", p => p.Int(3)), ("optimizer", p => p.EmptyDict())).Stop().ToArray();
        var path = PthFiles.Write(PathFor("nostate.pth"), pickle);
        var e = Assert.Throws<InvalidDataException>(() => PthReader.LoadStateDict(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("'epoch'", e.Message);
        Assert.Contains("'optimizer'", e.Message);
    }

    public static TheoryData<string, byte[], string> MalformedPickles => new()
    {
        { "unknown opcode", new PickleBuilder().Proto().Raw((byte)'i').Stop().ToArray(), "opcode 0x69 ('i')" },
        { "memo out of range", new PickleBuilder().Proto().EmptyDict().Put(0).Get(5).Stop().ToArray(), "memo entry 5" },
        { "long memo out of range", new PickleBuilder().Proto().LongGet(70000).Stop().ToArray(), "memo entry 70000" },
        { "stack underflow", new PickleBuilder().Proto().Int(1).SetItem().Stop().ToArray(), "underflow" },
        { "underflow below a mark", new PickleBuilder().Proto().EmptyList().Mark().Append().Stop().ToArray(), "underflow" },
        { "no stop", new PickleBuilder().Proto().EmptyDict().ToArray(), "without a STOP" },
        { "truncated operand", new PickleBuilder().Proto().Raw((byte)'X', 100, 0, 0, 0, (byte)'a').ToArray(), "truncated" },
        { "deep nesting", new PickleBuilder().Proto().Raw(Enumerable.Repeat((byte)'(', 500).ToArray()).Stop().ToArray(), "nests deeper" },
        { "deep tuples", new PickleBuilder().Proto().EmptyTuple().Raw(Enumerable.Repeat((byte)0x85, 500).ToArray()).Stop().ToArray(), "nests deeper" },
        { "bad persistent id", new PickleBuilder().Proto().Str("x").BinPersId().Stop().ToArray(), "persistent id" },
        { "build on a list", new PickleBuilder().Proto().EmptyList().EmptyDict().Build().Stop().ToArray(), "BUILD" },
    };

    [Theory]
    [MemberData(nameof(MalformedPickles))]
    public void Malformed_pickles_are_refused_with_a_message_naming_the_file(string name, byte[] pickle, string expected)
    {
        var path = PthFiles.Write(PathFor($"{name.Replace(' ', '-')}.pth"), pickle);
        var e = Assert.Throws<InvalidDataException>(() => PthReader.LoadPickle(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    // ---- damaged files ------------------------------------------------------------------------------------------

    [Fact]
    public void A_real_checkpoint_cut_in_half_is_refused()
    {
        var bytes = File.ReadAllBytes(ReferenceFixtures.PathOf("tiny_p8.pretrain.pth"));
        var path = PathFor("half.pth");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => PthReader.LoadStateDict(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused()
    {
        var path = PathFor("text.pth");
        File.WriteAllText(path, "this is not a checkpoint, just some text that is long enough to look like a file");
        var e = Assert.Throws<InvalidDataException>(() => PthReader.LoadStateDict(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("zip", e.Message);
    }

    [Fact]
    public void A_zip_without_data_pkl_is_refused()
    {
        var path = PthFiles.Write(PathFor("nopickle.pth"), pickle: null);
        var e = Assert.Throws<InvalidDataException>(() => PthReader.LoadStateDict(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("data.pkl", e.Message);
    }

    [Fact]
    public void A_missing_storage_is_refused()
    {
        var pickle = new PickleBuilder().Proto().Dict(("a", p => p.Tensor("FloatStorage", "0", 2)), ("b", p => p.Tensor("FloatStorage", "7", 2))).Stop().ToArray();
        var path = PthFiles.Write(PathFor("missing.pth"), pickle, new Dictionary<string, byte[]> { ["0"] = PthFiles.Floats(1, 2) });
        var e = Assert.Throws<InvalidDataException>(() => PthReader.LoadStateDict(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("archive/data/7", e.Message);
    }

    [Fact]
    public void A_storage_shorter_than_declared_is_refused()
    {
        var pickle = new PickleBuilder().Proto().Dict(("a", p => p.Tensor("FloatStorage", "0", 4))).Stop().ToArray();
        var path = PthFiles.Write(PathFor("short.pth"), pickle, new Dictionary<string, byte[]> { ["0"] = PthFiles.Floats(1, 2, 3) });
        var e = Assert.Throws<InvalidDataException>(() => PthReader.LoadStateDict(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("too short", e.Message);
    }

    [Fact]
    public void Nothing_is_left_alive_but_the_returned_tensors_even_after_a_failure_midway()
    {
        var pickle = new PickleBuilder().Proto()
            .Dict(("a", p => p.Tensor("FloatStorage", "0", 2)), ("t", p => p.Tensor("FloatStorage", "1", 4, 0, [2, 2], [1, 2])), ("b", p => p.Tensor("FloatStorage", "2", 4)))
            .Stop().ToArray();
        var good = PthFiles.Write(PathFor("good.pth"), pickle, new Dictionary<string, byte[]>
        {
            ["0"] = PthFiles.Floats(1, 2), ["1"] = PthFiles.Floats(1, 2, 3, 4), ["2"] = PthFiles.Floats(1, 2, 3, 4),
        });
        var bad = PthFiles.Write(PathFor("bad.pth"), pickle, new Dictionary<string, byte[]>
        {
            ["0"] = PthFiles.Floats(1, 2), ["1"] = PthFiles.Floats(1, 2, 3, 4), ["2"] = PthFiles.Floats(1, 2, 3),
        });
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.Throws<InvalidDataException>(() => PthReader.LoadStateDict(bad));
        Assert.Throws<InvalidDataException>(() => PthReader.LoadPickle(bad));
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        var sd = PthReader.LoadStateDict(good);
        Assert.Equal(live + 3, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        foreach (var t in sd.Values)
            t.Dispose();
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void A_view_reaching_past_its_storage_is_refused()
    {
        var pickle = new PickleBuilder().Proto().Dict(("a", p => p.Tensor("FloatStorage", "0", 4, 2, [2, 2], [2, 1]))).Stop().ToArray();
        var path = PthFiles.Write(PathFor("past.pth"), pickle, new Dictionary<string, byte[]> { ["0"] = PthFiles.Floats(1, 2, 3, 4) });
        var e = Assert.Throws<InvalidDataException>(() => PthReader.LoadStateDict(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("element 5", e.Message);
    }

    [Fact]
    public void A_compressed_archive_with_another_top_folder_still_loads()
    {
        var pickle = new PickleBuilder().Proto().Dict(("a", p => p.Tensor("FloatStorage", "0", 2))).Stop().ToArray();
        var path = PathFor("deflated.pth");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (name, bytes) in new[] { ("my_model/data.pkl", pickle), ("my_model/data/0", PthFiles.Floats(6, 7)) })
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(bytes);
            }
        }
        Assert.Equal(new float[] { 6, 7 }, PthReader.LoadStateDict(path)["a"].data<float>().ToArray());
    }
}
