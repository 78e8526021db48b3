using System.Text.Json;

namespace VideoMae.Cli;

/// <summary>Writes a command's result either as indented JSON (for scripts and notebooks) or as aligned text.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static void Write(bool json, IReadOnlyDictionary<string, object> facts)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(facts, JsonOptions));
            return;
        }
        var width = facts.Keys.Max(k => k.Length);
        foreach (var (key, value) in facts)
            Console.WriteLine($"{key.PadRight(width)}  {value}");
    }
}
