using System.Text.Json;

namespace VideoMae.Cli;

/// <summary>Writes a command's result as indented JSON (for scripts and notebooks) or as aligned text, keys in the order given.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        // Keep ×, ², … readable; the output is printed, not embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(bool json, IEnumerable<KeyValuePair<string, object>> facts)
    {
        var ordered = facts.ToList();
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(ordered.ToDictionary(p => p.Key, p => p.Value), JsonOptions));
            return;
        }
        var width = ordered.Max(p => p.Key.Length);
        foreach (var (key, value) in ordered)
            Console.WriteLine($"{key.PadRight(width)}  {Format(value)}");
    }

    public static string Format(object value) => value switch
    {
        double d => d.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A plain-text table with right-aligned columns after the first.</summary>
    public static void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object>> rows)
    {
        var cells = rows.Select(r => r.Select(Format).ToArray()).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> r) => string.Join("  ", r.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
        Console.WriteLine(Line(header));
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var r in cells)
            Console.WriteLine(Line(r));
    }
}
