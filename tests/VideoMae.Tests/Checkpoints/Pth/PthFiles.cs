using System.IO.Compression;
using System.Text;

namespace VideoMae.Tests.Checkpoints.Pth;

/// <summary>Wraps a hand-made pickle and storages into a zip with the layout torch.save writes.</summary>
internal static class PthFiles
{
    /// <summary>
    /// Writes <paramref name="path"/>: <c>folder/data.pkl</c> (unless <paramref name="pickle"/> is null),
    /// <c>folder/data/&lt;key&gt;</c>, <c>folder/version</c>, <c>folder/byteorder</c> and
    /// <c>folder/.data/serialization_id</c>, stored uncompressed as torch.save does unless <paramref name="compression"/> says otherwise.
    /// </summary>
    public static string Write(string path, byte[]? pickle, IReadOnlyDictionary<string, byte[]>? storages = null, string folder = "archive",
        CompressionLevel compression = CompressionLevel.NoCompression)
    {
        using var stream = File.Create(path);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        void Add(string name, byte[] bytes)
        {
            var entry = zip.CreateEntry($"{folder}/{name}", compression);
            using var s = entry.Open();
            s.Write(bytes);
        }
        if (pickle is not null)
            Add("data.pkl", pickle);
        Add("byteorder", Encoding.ASCII.GetBytes("little"));
        foreach (var (key, bytes) in storages ?? new Dictionary<string, byte[]>())
            Add($"data/{key}", bytes);
        Add("version", Encoding.ASCII.GetBytes("3\n"));
        Add(".data/serialization_id", Encoding.ASCII.GetBytes("0123456789"));
        return path;
    }

    /// <summary>Little-endian bytes of float32 values.</summary>
    public static byte[] Floats(params float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    /// <summary>Little-endian bytes of 16-bit patterns (float16 or bfloat16).</summary>
    public static byte[] Halves(params ushort[] bits) => bits.SelectMany(BitConverter.GetBytes).ToArray();
}
