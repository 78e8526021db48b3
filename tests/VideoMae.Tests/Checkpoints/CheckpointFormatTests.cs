using System.Numerics;
using VideoMae.Checkpoints;
using VideoMae.Runtime;
using VideoMae.Tests.Checkpoints.Pth;

namespace VideoMae.Tests.Checkpoints;

/// <summary>
/// Issue 24: a file that is neither a torch.save zip nor safetensors is named for what it is not (and, when it is
/// the legacy pre-1.6 format, what to do), instead of failing as a safetensors header.
/// </summary>
public sealed class CheckpointFormatTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("videomae-format-").FullName;

    public CheckpointFormatTests() => TorchRuntime.EnsureLoaded();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// The start of a file torch.save wrote before PyTorch 1.6 (or with _use_new_zipfile_serialization=False): three
    /// pickles, the magic number 0x1950a86a20f9469cfc6c as a long, the protocol version 1001, the system info; the
    /// state dict pickle and the raw storages follow.
    /// </summary>
    internal static byte[] LegacyPth() =>
    [
        .. new PickleBuilder().Proto().Long1(BigInteger.Parse("1950a86a20f9469cfc6c", System.Globalization.NumberStyles.HexNumber)).Stop().ToArray(),
        .. new PickleBuilder().Proto().Int(1001).Stop().ToArray(),
        .. new PickleBuilder().Proto().Dict(("little_endian", p => p.Bool(true))).Stop().ToArray(),
    ];

    private static byte[] RandomBytes()
    {
        var bytes = new byte[1000];
        new Random(24).NextBytes(bytes);
        bytes[0] = 0x13; // neither 'P' (zip) nor 0x80 (pickle)
        return bytes;
    }

    public static TheoryData<string, byte[], string> NotCheckpoints => new()
    {
        { "legacy.pth", LegacyPth(), "a PyTorch checkpoint in the legacy format (before PyTorch 1.6), which this reader does not read; re-save it with a current PyTorch (torch.save(torch.load(f), f2)) or as safetensors (safetensors.torch.save_file(state_dict, f2))" },
        { "pickle.pth", new PickleBuilder().Proto().EmptyDict().Stop().ToArray(), "a bare Python pickle, not a checkpoint: neither a torch.save zip archive nor a safetensors file" },
        { "random.pth", RandomBytes(), "neither a PyTorch .pth checkpoint (a zip archive, starting with 'PK') nor a safetensors file (an 8-byte header length, then a JSON object); it starts with 13 " },
        { "empty.pth", [], "the file is empty; expected a PyTorch .pth (zip) or safetensors checkpoint" },
    };

    [Theory, MemberData(nameof(NotCheckpoints))]
    public void A_file_that_is_no_checkpoint_says_what_it_is_not(string name, byte[] bytes, string problem)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        foreach (var read in new Action[] { () => CheckpointFile.Read(path), () => PthReader.LoadStateDict(path), () => CheckpointIndex.Open(path).Dispose() })
        {
            var e = Assert.Throws<InvalidDataException>(read);
            Assert.StartsWith($"{path}: {problem}", e.Message);
        }
    }

    [Fact]
    public void A_folder_is_not_a_checkpoint()
    {
        var e = Assert.Throws<FileNotFoundException>(() => CheckpointFile.Read(_folder));
        Assert.Equal($"{_folder}: is a folder; expected a checkpoint file.", e.Message);
    }
}
