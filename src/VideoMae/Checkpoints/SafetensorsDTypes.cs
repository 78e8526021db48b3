using static TorchSharp.torch;

namespace VideoMae.Checkpoints;

/// <summary>The safetensors dtype names this library reads and writes, with their TorchSharp types and element sizes.</summary>
internal static class SafetensorsDTypes
{
    private static readonly (string Name, ScalarType Type, int Size)[] Known =
    [
        ("F32", ScalarType.Float32, 4),
        ("F16", ScalarType.Float16, 2),
        ("BF16", ScalarType.BFloat16, 2),
        ("F64", ScalarType.Float64, 8),
        ("U8", ScalarType.Byte, 1),
        ("BOOL", ScalarType.Bool, 1),
        ("I32", ScalarType.Int32, 4),
        ("I64", ScalarType.Int64, 8),
    ];

    /// <summary>The supported names, for error messages.</summary>
    public static string Names { get; } = string.Join(", ", Known.Select(k => k.Name));

    public static bool TryParse(string name, out ScalarType type, out int size)
    {
        foreach (var k in Known)
        {
            if (k.Name == name)
            {
                (type, size) = (k.Type, k.Size);
                return true;
            }
        }
        (type, size) = (default, 0);
        return false;
    }

    public static bool TryName(ScalarType type, out string name, out int size)
    {
        foreach (var k in Known)
        {
            if (k.Type == type)
            {
                (name, size) = (k.Name, k.Size);
                return true;
            }
        }
        (name, size) = ("", 0);
        return false;
    }
}
