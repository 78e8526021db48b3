using VideoMae.Checkpoints.Pickle;

namespace VideoMae.Checkpoints;

/// <summary>
/// Tells a checkpoint's format by its first bytes, not its name, and says what a file is not when it is neither
/// format this library reads (issue 24: a legacy .pth used to fail as a malformed safetensors header).
/// </summary>
internal static class CheckpointFormat
{
    /// <summary>The formats this library reads.</summary>
    public enum Kind
    {
        /// <summary>A torch.save zip archive (PyTorch 1.6 and later), starting "PK".</summary>
        Zip,

        /// <summary>A safetensors file: an 8-byte header length, then a JSON object.</summary>
        Safetensors,
    }

    // torch.save's legacy format (before 1.6, or _use_new_zipfile_serialization=False) pickles this number first.
    private static readonly byte[] LegacyMagic = [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

    private const string Legacy =
        "a PyTorch checkpoint in the legacy format (before PyTorch 1.6), which this reader does not read; re-save it with a current PyTorch " +
        "(torch.save(torch.load(f), f2)) or as safetensors (safetensors.torch.save_file(state_dict, f2)) and load that";

    /// <summary>The format of <paramref name="path"/>; throws <see cref="InvalidDataException"/> saying what the file is not.</summary>
    public static Kind Detect(string path)
    {
        var (kind, problem) = Sniff(path);
        return problem is null ? kind : throw CheckpointErrors.Create(path, problem);
    }

    /// <summary>Why <paramref name="path"/> is not a torch.save zip archive, or null when it starts like one.</summary>
    public static string? NotZip(string path)
    {
        var (kind, problem) = Sniff(path);
        return problem ?? (kind == Kind.Zip ? null : "a safetensors file, not a torch.save zip archive; read it as safetensors");
    }

    private static (Kind Kind, string? Problem) Sniff(string path)
    {
        Span<byte> head = stackalloc byte[32];
        using (var stream = File.OpenRead(path))
            head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        if (head.IsEmpty)
            return (default, "the file is empty; expected a PyTorch .pth (zip) or safetensors checkpoint");
        if (head.StartsWith("PK"u8))
            return (Kind.Zip, null);
        if (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5)
            return (default, IsLegacy(head) ? Legacy : "a bare Python pickle, not a checkpoint: neither a torch.save zip archive nor a safetensors file");
        if (head.Length > 8 && head[8] == (byte)'{')
            return (Kind.Safetensors, null);
        var start = string.Join(' ', head[..Math.Min(8, head.Length)].ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        return (default,
            "neither a PyTorch .pth checkpoint (a zip archive, starting with 'PK') nor a safetensors file (an 8-byte header length, " +
            $"then a JSON object); it starts with {start}");
    }

    // PROTO n, for protocol 4 and later a FRAME (0x95 and 8 length bytes), then LONG1 of 10 bytes holding the magic.
    private static bool IsLegacy(ReadOnlySpan<byte> head)
    {
        var at = head.Length > 2 && head[2] == 0x95 ? 11 : 2;
        return head.Length >= at + 12 && head[at] == 0x8a && head[at + 1] == LegacyMagic.Length && head.Slice(at + 2, LegacyMagic.Length).SequenceEqual(LegacyMagic);
    }
}
