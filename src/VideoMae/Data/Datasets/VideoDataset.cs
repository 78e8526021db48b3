using System.Text.Json.Serialization;

namespace VideoMae.Data.Datasets;

/// <summary>
/// One list file of a dataset, with the frame stride its clips are sampled at (SPEC §4.3); the training settings name
/// their sources with it (JSON <c>{"list": "...", "stride": 2}</c>).
/// </summary>
/// <param name="List">A list file (<c>path label</c>, <c>path 0 -1</c>, or CSV).</param>
/// <param name="Stride">Frame stride: 4 for Kinetics-like sources, 2 for Something-Something-like ones.</param>
public sealed record VideoSource(string List, int Stride = 4)
{
    /// <summary>
    /// For labelled lists merged into one label space: source label → dataset label; null keeps the source's labels.
    /// Derived from the classes.txt files when a set is built (<c>LabelledSets</c>), so never part of a config.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<int>? LabelMap { get; init; }
}

/// <summary>A video of a dataset: where it is, its label in the dataset's label space (−1 unlabeled), and its sampling stride.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="Label">Label in the merged space, or −1.</param>
/// <param name="Stride">Frame stride of its source.</param>
public sealed record DatasetItem(string Path, int Label, int Stride);

/// <summary>
/// The videos of one or more list files mixed into one set (the reference's hybrid datasets, SPEC §4.3), each keeping
/// its source's stride; labelled sources can share one label space through their label maps (SPEC §5.1).
/// </summary>
public sealed class VideoDataset
{
    /// <summary>All videos, sources in order.</summary>
    public IReadOnlyList<DatasetItem> Items { get; }

    /// <summary>Class names of the dataset's label space, if known.</summary>
    public LabelSpace? Labels { get; }

    /// <summary>Builds the dataset from <paramref name="sources"/>.</summary>
    public VideoDataset(IReadOnlyList<VideoSource> sources, LabelSpace? labels = null)
    {
        if (sources.Count == 0)
            throw new ArgumentException("sources is empty; expected at least one list file.", nameof(sources));
        var items = new List<DatasetItem>();
        foreach (var source in sources)
        {
            Require.Positive(source.Stride, $"stride of {source.List}");
            foreach (var entry in ListFile.Read(source.List))
            {
                var label = entry.Label;
                if (label >= 0 && source.LabelMap is { } map)
                {
                    if (label >= map.Count)
                        throw new InvalidDataException($"{source.List}: label {label} of {entry.Path} is outside the label map ({map.Count} classes).");
                    label = map[label];
                }
                if (labels is not null && label >= labels.Classes.Count)
                    throw new InvalidDataException($"{source.List}: label {label} of {entry.Path} is outside the {labels.Classes.Count} classes of the label space.");
                items.Add(new DatasetItem(entry.Path, label, source.Stride));
            }
        }
        Items = items;
        Labels = labels;
    }

    /// <summary>One list file at stride 4 (or <paramref name="stride"/>), with the class names of <c>classes.txt</c> beside it when present.</summary>
    public static VideoDataset FromList(string listPath, int stride = 4)
    {
        var classes = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(listPath))!, "classes.txt");
        return new VideoDataset([new VideoSource(listPath, stride)], File.Exists(classes) ? LabelSpace.Read(classes) : null);
    }
}
