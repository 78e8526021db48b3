using System.Globalization;

namespace VideoMae.Data.Datasets;

/// <summary>One video of a list file: its absolute path and its label (−1 when unlabeled).</summary>
/// <param name="Path">Absolute path of the video, or of the frame folder when <paramref name="Frames"/> is set.</param>
/// <param name="Label">Class index in the list's own label space, or −1.</param>
/// <param name="Frames">For a frame-folder line: its frame count and, in pre-training lines, its start index.</param>
public sealed record VideoEntry(string Path, int Label, FrameRange? Frames = null);

/// <summary>The frames of a frame-folder line.</summary>
/// <param name="Count">total_frames.</param>
/// <param name="StartIndex">start_index of a pre-training line; null for fine-tuning lines, which take the source's.</param>
public sealed record FrameRange(int Count, int? StartIndex = null);

/// <summary>
/// Which of the reference's two list formats a three-field line is in (docs/DATASET.md of the official code): the
/// fields alone cannot tell <c>frame_folder start_index total_frames</c> from <c>frame_folder total_frames label</c>,
/// so the reader is told what the list is for, as the reference picks its dataset class by task.
/// </summary>
public enum ListLayout
{
    /// <summary>Pre-training lists: <c>video_path 0 -1</c> or <c>frame_folder start_index total_frames</c> (labels unused).</summary>
    Pretraining,

    /// <summary>Classification lists: <c>video_path label</c> or <c>frame_folder total_frames label</c>.</summary>
    Classification,
}

/// <summary>
/// Reads dataset list files in the reference formats (SPEC §4.3): <c>path 0 -1</c> (unlabeled pre-training lists),
/// <c>path label</c> (labelled lists), <c>frame_folder start_index total_frames</c> (pre-training frame folders) or
/// <c>frame_folder total_frames label</c> (labelled frame folders), told apart by <see cref="ListLayout"/>; or a CSV
/// of videos whose header names a <c>path</c> column and optionally a <c>label</c> column. Relative paths are relative
/// to the list file's folder. A bad line stops the load with the file and line.
/// </summary>
public static class ListFile
{
    /// <summary>The entries of <paramref name="listPath"/>, in file order.</summary>
    /// <param name="listPath">The list file.</param>
    /// <param name="layout">How three-field frame-folder lines are read; two-field and <c>path 0 -1</c> lines read the same in both.</param>
    public static IReadOnlyList<VideoEntry> Read(string listPath, ListLayout layout = ListLayout.Classification)
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
            var where = $"{listPath}, line {i + 1}";
            entries.Add(csv
                ? CsvEntry(where, folder, line.Split(',').Select(f => f.Trim()).ToArray(), pathColumn, labelColumn)
                : Entry(where, folder, line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), layout));
        }
        if (entries.Count == 0)
            throw new InvalidDataException($"{listPath}: the list holds no videos.");
        return entries;
    }

    private static VideoEntry Entry(string where, string folder, string[] fields, ListLayout layout)
    {
        var path = Resolve(folder, fields[0]);
        switch (fields.Length)
        {
            case 1:
                return new VideoEntry(path, -1);
            case 2:
                return new VideoEntry(path, Label(where, fields[1]));
            case 3 when fields[2] == "-1":
                // The reference's pre-training reader: a negative total_frames marks a video ("path 0 -1").
                return new VideoEntry(path, -1);
            case 3 when layout == ListLayout.Pretraining:
                return new VideoEntry(path, -1, new FrameRange(Count(where, fields[2]), Number(where, fields[1], "start_index")));
            case 3:
                return new VideoEntry(path, Label(where, fields[2]), new FrameRange(Count(where, fields[1])));
            default:
                var expected = layout == ListLayout.Pretraining
                    ? "'video_path 0 -1' or 'frame_folder start_index total_frames'"
                    : "'video_path label' or 'frame_folder total_frames label'";
                throw new InvalidDataException($"{where}: '{string.Join(' ', fields)}' has {fields.Length} fields; expected {expected}.");
        }
    }

    private static VideoEntry CsvEntry(string where, string folder, string[] fields, int pathColumn, int labelColumn)
    {
        if (fields.Length <= pathColumn || fields[pathColumn].Length == 0)
            throw new InvalidDataException($"{where}: no video path.");
        var labelText = labelColumn >= 0 && labelColumn < fields.Length ? fields[labelColumn] : "";
        return new VideoEntry(Resolve(folder, fields[pathColumn]), labelText.Length > 0 ? Label(where, labelText) : -1);
    }

    private static string Resolve(string folder, string field)
    {
        var path = field.Replace('\\', '/');
        return System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(folder, path));
    }

    private static int Label(string where, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var label) && label >= 0
            ? label
            : throw new InvalidDataException($"{where}: label '{text}' is not a non-negative integer.");

    private static int Number(string where, string text, string what) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new InvalidDataException($"{where}: {what} '{text}' is not a non-negative integer.");

    private static int Count(string where, string text)
    {
        var count = Number(where, text, "total_frames");
        return count > 0 ? count : throw new InvalidDataException($"{where}: total_frames is 0; a frame folder needs at least one frame.");
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
