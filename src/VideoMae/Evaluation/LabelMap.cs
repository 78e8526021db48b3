using System.Text.Json;

namespace VideoMae.Evaluation;

/// <summary>
/// Class names in head order. The Kinetics maps (<c>k400</c>, <c>k600</c>, <c>k700</c>, <c>k710</c>) are the official
/// <c>misc/label_map_k*.txt</c> files shipped in <c>data/labels/</c> and built into the library; a K710 head reports on
/// K400/K600/K700 through <c>label_710to{400,600,700}.json</c>, entry i = the K710 row of the target map's class i
/// (SPEC §5.1).
/// </summary>
/// <param name="Name">"k400", …, or the file the names came from.</param>
/// <param name="Names">One name per class, in head order.</param>
/// <param name="RowsIn710">For K400/K600/K700: the K710 head row of each class; null otherwise.</param>
public sealed record LabelMap(string Name, IReadOnlyList<string> Names, IReadOnlyList<int>? RowsIn710)
{
    private const int Kinetics710 = 710;

    /// <summary>The built-in maps' names.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = ["k400", "k600", "k700", "k710"];

    /// <summary>A built-in map by name (case-insensitive), or a text file of one class name per line (blank lines skipped).</summary>
    /// <exception cref="FileNotFoundException">Neither a built-in name nor an existing file.</exception>
    /// <exception cref="InvalidDataException">The file names no class.</exception>
    public static LabelMap Resolve(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        var builtIn = BuiltIn.FirstOrDefault(n => n.Equals(nameOrPath, StringComparison.OrdinalIgnoreCase));
        if (builtIn is not null)
        {
            var names = Lines(ReadResource($"label_map_{builtIn}.txt"));
            IReadOnlyList<int>? rows = builtIn == "k710" ? null : JsonSerializer.Deserialize<int[]>(ReadResource($"label_710to{builtIn[1..]}.json"));
            return new LabelMap(builtIn, names, rows);
        }
        if (!File.Exists(nameOrPath))
            throw new FileNotFoundException($"labels '{nameOrPath}' is neither one of {string.Join(", ", BuiltIn)} nor an existing file of class names.", nameOrPath);
        var fromFile = Lines(File.ReadAllText(nameOrPath));
        if (fromFile.Count == 0)
            throw new InvalidDataException($"{nameOrPath}: holds no class names; expected one name per line.");
        return new LabelMap(nameOrPath, fromFile, null);
    }

    /// <summary>
    /// The head rows a classifier of <paramref name="classes"/> classes must keep to report on these labels: null when
    /// the head has exactly one row per name; the K710 rows for a K710 head and the K400/K600/K700 names.
    /// </summary>
    /// <exception cref="ArgumentException">The head and the labels do not correspond.</exception>
    public IReadOnlyList<int>? HeadRows(int classes)
    {
        if (classes == Names.Count)
            return null;
        if (classes == Kinetics710 && RowsIn710 is not null)
            return RowsIn710;
        throw new ArgumentException(
            $"the checkpoint's head has {classes} classes but labels '{Name}' name {Names.Count}; expected labels with {classes} names" +
            (classes == Kinetics710 ? " (a K710 head also reports on k400, k600 and k700)." : "."));
    }

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static string ReadResource(string file)
    {
        using var stream = typeof(LabelMap).Assembly.GetManifestResourceStream($"VideoMae.Labels.{file}")
            ?? throw new InvalidOperationException($"the built-in label file {file} is missing from the VideoMae assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
