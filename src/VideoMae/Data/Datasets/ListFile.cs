using System.Globalization;

namespace VideoMae.Data.Datasets;

/// <summary>One video of a list file: its absolute path and its label (−1 when unlabeled).</summary>
/// <param name="Path">Absolute path of the video.</param>
/// <param name="Label">Class index in the list's own label space, or −1.</param>
public sealed record VideoEntry(string Path, int Label);

/// <summary>
/// Reads dataset list files in the reference formats (SPEC §4.3): <c>path 0 -1</c> (unlabeled pre-training lists),
/// <c>path label</c> (labelled lists), or a CSV whose header names a <c>path</c> column and optionally a <c>label</c>
/// column. Relative paths are relative to the list file's folder. A bad line stops the load with the file and line.
/// </summary>
public static class ListFile
{
    /// <summary>The entries of <paramref name="listPath"/>, in file order.</summary>
    public static IReadOnlyList<VideoEntry> Read(string listPath)
    {
        if (!File.Exists(listPath))
            throw new FileNotFoundException($"{listPath}: no such list file.", listPath);
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(listPath))!;
        var lines = File.ReadAllLines(listPath);
        var csv = listPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        var (pathColumn, labelColumn, firstLine) = csv ? CsvHeader(listPath, lines) : (0, 1, 0);
        var entries = new List<VideoEntry>();
        for (var i = firstLine; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var fields = csv ? line.Split(',').Select(f => f.Trim()).ToArray() : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            entries.Add(Entry(listPath, i + 1, folder, fields, pathColumn, labelColumn, csv));
        }
        if (entries.Count == 0)
            throw new InvalidDataException($"{listPath}: the list holds no videos.");
        return entries;
    }

    private static VideoEntry Entry(string listPath, int lineNumber, string folder, string[] fields, int pathColumn, int labelColumn, bool csv)
    {
        string Where() => $"{listPath}, line {lineNumber}";
        if (fields.Length <= pathColumn || fields[pathColumn].Length == 0)
            throw new InvalidDataException($"{Where()}: no video path.");
        var label = -1;
        // Space-separated lists: "path", "path label" or the unlabeled "path 0 -1"; CSV: the label column if there is one.
        var expected = csv ? null : fields.Length switch { 1 => "", 2 => fields[1], 3 => fields[2] == "-1" ? "" : null, _ => null };
        if (!csv && expected is null)
            throw new InvalidDataException($"{Where()}: '{string.Join(' ', fields)}' is neither 'path label' nor 'path 0 -1'.");
        var labelText = csv ? (labelColumn >= 0 && labelColumn < fields.Length ? fields[labelColumn] : "") : expected!;
        if (labelText.Length > 0 && (!int.TryParse(labelText, NumberStyles.Integer, CultureInfo.InvariantCulture, out label) || label < 0))
            throw new InvalidDataException($"{Where()}: label '{labelText}' is not a non-negative integer.");
        var path = fields[pathColumn].Replace('\\', '/');
        return new VideoEntry(System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(folder, path)), labelText.Length > 0 ? label : -1);
    }

    private static (int Path, int Label, int FirstLine) CsvHeader(string listPath, string[] lines)
    {
        if (lines.Length == 0)
            throw new InvalidDataException($"{listPath}: empty CSV; expected a header with a 'path' column.");
        var header = lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToList();
        var path = header.IndexOf("path");
        if (path < 0)
            throw new InvalidDataException($"{listPath}, line 1: the CSV header '{lines[0]}' has no 'path' column.");
        return (path, header.IndexOf("label"), 1);
    }
}
