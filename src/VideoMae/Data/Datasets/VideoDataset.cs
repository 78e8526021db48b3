using System.Text.Json.Serialization;
using VideoMae.Data.Frames;

namespace VideoMae.Data.Datasets;

/// <summary>
/// One list file of a dataset, with the frame stride its clips are sampled at (SPEC §4.3) and, for frame-folder
/// lines, how its frame files are named; the training settings name their sources with it (JSON
/// <c>{"list": "...", "stride": 2, "frame_template": "image_{:06}.jpg"}</c>).
/// </summary>
/// <param name="List">A list file (<c>path label</c>, <c>path 0 -1</c>, frame-folder lines, or CSV; see <see cref="ListFile"/>).</param>
/// <param name="Stride">Frame stride: 4 for Kinetics-like sources, 2 for Something-Something-like ones.</param>
public sealed record VideoSource(string List, int Stride = 4)
{
    /// <summary>
    /// File name of frame n in the list's frame folders, Python format syntax (<see cref="FrameNameTemplate"/>); null
    /// is the reference's <c>img_{:05}.jpg</c>. Left out of the JSON when null, so a config without frames reads and
    /// resumes as before.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FrameTemplate { get; init; }

    /// <summary>
    /// Number of the first frame file of fine-tuning lines (<c>frame_folder total_frames label</c>); null is the
    /// reference's 1. Pre-training lines carry their own start index.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? StartIndex { get; init; }

    /// <summary>The parsed <see cref="FrameTemplate"/> (the default when null); throws naming the list for a bad one.</summary>
    [JsonIgnore]
    public FrameNameTemplate Template
    {
        get
        {
            try
            {
                return FrameTemplate is null ? FrameNameTemplate.Default : FrameNameTemplate.Parse(FrameTemplate);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{List}: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// For labelled lists merged into one label space: source label → dataset label; null keeps the source's labels.
    /// Derived from the classes.txt files when a set is built (<c>LabelledSets</c>), so never part of a config.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<int>? LabelMap { get; init; }
}

/// <summary>
/// A video of a dataset: where it is, its label in the dataset's label space (−1 unlabeled), its sampling stride, and,
/// for a frame folder, which files hold its frames.
/// </summary>
/// <param name="Path">Absolute path of the video or frame folder.</param>
/// <param name="Label">Label in the merged space, or −1.</param>
/// <param name="Stride">Frame stride of its source.</param>
public sealed record DatasetItem(string Path, int Label, int Stride)
{
    /// <summary>The clip's frame files when it is a frame folder; null for a video file.</summary>
    public FrameFolder? Frames { get; init; }

    /// <summary>How logs and failure reports name it: the video's path, or the frame folder with its first and last file.</summary>
    public string Name => Frames?.Name ?? Path;
}

/// <summary>
/// The videos of one or more list files mixed into one set (the reference's hybrid datasets, SPEC §4.3), each keeping
/// its source's stride; labelled sources can share one label space through their label maps (SPEC §5.1). Video files
/// and frame folders mix freely, in one list or across lists.
/// </summary>
public sealed class VideoDataset
{
    /// <summary>All videos, sources in order.</summary>
    public IReadOnlyList<DatasetItem> Items { get; }

    /// <summary>Class names of the dataset's label space, if known.</summary>
    public LabelSpace? Labels { get; }

    /// <summary>Builds the dataset from <paramref name="sources"/>.</summary>
    /// <param name="sources">The list files.</param>
    /// <param name="labels">The label space of the labels (after each source's label map), if known.</param>
    /// <param name="layout">What the lists are for, which decides how frame-folder lines read (<see cref="ListLayout"/>).</param>
    public VideoDataset(IReadOnlyList<VideoSource> sources, LabelSpace? labels = null, ListLayout layout = ListLayout.Pretraining)
    {
        if (sources.Count == 0)
            throw new ArgumentException("sources is empty; expected at least one list file.", nameof(sources));
        var items = new List<DatasetItem>();
        foreach (var source in sources)
        {
            Require.Positive(source.Stride, $"stride of {source.List}");
            if (source.StartIndex is < 0)
                throw new ArgumentException($"{source.List}: start_index = {source.StartIndex}; expected a frame number ≥ 0.");
            var template = source.Template;
            foreach (var entry in ListFile.Read(source.List, layout))
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
                items.Add(new DatasetItem(entry.Path, label, source.Stride)
                {
                    Frames = entry.Frames is { } frames
                        ? new FrameFolder(entry.Path, template, frames.StartIndex ?? source.StartIndex ?? 1, frames.Count)
                        : null,
                });
            }
        }
        Items = items;
        Labels = labels;
    }

    /// <summary>
    /// One labelled list file at stride 4 (or <paramref name="stride"/>), with the class names of <c>classes.txt</c>
    /// beside it when present; frame-folder lines read as <c>frame_folder total_frames label</c>.
    /// </summary>
    public static VideoDataset FromList(string listPath, int stride = 4) => FromList(new VideoSource(listPath, stride));

    /// <summary>One labelled list file as <paramref name="source"/> describes it, with the class names of <c>classes.txt</c> beside it when present.</summary>
    public static VideoDataset FromList(VideoSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var classes = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source.List))!, "classes.txt");
        return new VideoDataset([source], File.Exists(classes) ? LabelSpace.Read(classes) : null, ListLayout.Classification);
    }
}
