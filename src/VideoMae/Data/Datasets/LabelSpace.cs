namespace VideoMae.Data.Datasets;

/// <summary>
/// Class names of a labelled source (<c>classes.txt</c>: line i = label i) and the merge of several sources into one
/// label space, the Kinetics-710 idea (SPEC §5.1): classes that are the same under different names become one class
/// through a merge map (alias → canonical name); the merged space lists the first source's classes first, then each
/// further source's new classes.
/// </summary>
public sealed class LabelSpace
{
    /// <summary>Class names; index = label.</summary>
    public IReadOnlyList<string> Classes { get; }

    private readonly Dictionary<string, int> _index;

    /// <summary>A label space over <paramref name="classes"/>, which must be unique.</summary>
    public LabelSpace(IReadOnlyList<string> classes)
    {
        Classes = classes;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < classes.Count; i++)
            if (!_index.TryAdd(classes[i], i))
                throw new ArgumentException($"class '{classes[i]}' appears twice (labels {_index[classes[i]]} and {i}); expected unique names.", nameof(classes));
    }

    /// <summary>The label of <paramref name="name"/>, or an ArgumentException listing a few known names.</summary>
    public int IndexOf(string name) =>
        _index.TryGetValue(name, out var i) ? i : throw new ArgumentException($"class '{name}' is not in this label space ({Classes.Count} classes, e.g. {string.Join(", ", Classes.Take(3))}).", nameof(name));

    /// <summary>Reads a <c>classes.txt</c> file: one class name per line, blank lines ignored.</summary>
    public static LabelSpace Read(string classesPath)
    {
        if (!File.Exists(classesPath))
            throw new FileNotFoundException($"{classesPath}: no such class-name file.", classesPath);
        return new LabelSpace(File.ReadAllLines(classesPath).Select(l => l.Trim()).Where(l => l.Length > 0).ToList());
    }

    /// <summary>
    /// Merges sources: each source's names are first mapped through <paramref name="merge"/> (alias → canonical), then
    /// unioned in order. Returns the merged space and, per source, the map from its labels to merged labels.
    /// </summary>
    public static (LabelSpace Merged, int[][] SourceToMerged) Merge(IReadOnlyList<LabelSpace> sources, IReadOnlyDictionary<string, string>? merge = null)
    {
        var names = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var maps = sources.Select(source => source.Classes.Select(name =>
        {
            var canonical = merge is not null && merge.TryGetValue(name, out var c) ? c : name;
            if (!seen.TryGetValue(canonical, out var index))
            {
                index = names.Count;
                seen[canonical] = index;
                names.Add(canonical);
            }
            return index;
        }).ToArray()).ToArray();
        return (new LabelSpace(names), maps);
    }

    /// <summary>
    /// For a target space whose classes all exist here: entry i = the label here of the target's class i (the
    /// reference's label_710to400.json), used to re-map a classifier head.
    /// </summary>
    public int[] MapTo(LabelSpace target, IReadOnlyDictionary<string, string>? merge = null) =>
        target.Classes.Select(name => IndexOf(merge is not null && merge.TryGetValue(name, out var c) ? c : name)).ToArray();

    /// <summary>Reads a merge map (<c>label_merge.json</c>: an object of alias → canonical name).</summary>
    public static IReadOnlyDictionary<string, string> ReadMergeMap(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such merge map.", path);
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path}: empty merge map.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path}: not a JSON object of alias → canonical class names ({e.Message}).", e);
        }
    }
}
