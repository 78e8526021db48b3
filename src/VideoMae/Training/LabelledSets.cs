using VideoMae.Data.Datasets;

namespace VideoMae.Training;

/// <summary>
/// Labelled training and validation sets. Several training lists share one label space: each list's
/// <c>classes.txt</c> (beside it) is merged by name through an optional alias → canonical map — the Kinetics-710
/// construction behind post-pre-training (SPEC §5.1). A validation list is mapped into the training space by class name.
/// </summary>
public static class LabelledSets
{
    /// <summary>The training set of <paramref name="sources"/>; with one source its labels are kept as they are.</summary>
    public static VideoDataset Train(IReadOnlyList<VideoSource> sources, string? mergeMap = null)
    {
        if (sources.Count == 1)
            return new VideoDataset([sources[0] with { LabelMap = null }], ClassesBeside(sources[0].List), ListLayout.Classification);
        var spaces = sources.Select(s => ClassesBeside(s.List)
            ?? throw new FileNotFoundException($"{s.List}: mixing several labelled lists needs the classes.txt beside each list, to merge their label spaces by name.")).ToArray();
        var merge = mergeMap is null ? null : LabelSpace.ReadMergeMap(mergeMap);
        var (merged, maps) = LabelSpace.Merge(spaces, merge);
        return new VideoDataset(sources.Select((s, i) => s with { LabelMap = maps[i] }).ToArray(), merged, ListLayout.Classification);
    }

    /// <summary>A validation set in the label space of <paramref name="train"/>.</summary>
    public static VideoDataset Validation(string list, VideoDataset train, int stride = 4, string? mergeMap = null) =>
        Validation(new VideoSource(list, stride), train, mergeMap);

    /// <summary>
    /// A validation set in the label space of <paramref name="train"/>, read as <paramref name="source"/> says (its
    /// stride, and the frame template and start index of frame-folder lines: a run's first training source's).
    /// </summary>
    public static VideoDataset Validation(VideoSource source, VideoDataset train, string? mergeMap = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(train);
        var own = ClassesBeside(source.List);
        if (own is null || train.Labels is null || own.Classes.SequenceEqual(train.Labels.Classes))
            return new VideoDataset([source with { LabelMap = null }], train.Labels ?? own, ListLayout.Classification);
        var merge = mergeMap is null ? null : LabelSpace.ReadMergeMap(mergeMap);
        // entry i = the training label of the validation list's class i
        var map = train.Labels.MapTo(own, merge);
        return new VideoDataset([source with { LabelMap = map }], train.Labels, ListLayout.Classification);
    }

    /// <summary>The class count of a labelled set: its label space, else the largest label + 1.</summary>
    public static int ClassCount(VideoDataset set)
    {
        if (set.Labels is { } labels)
            return labels.Classes.Count;
        var max = set.Items.Max(i => i.Label);
        if (max < 0)
            throw new InvalidDataException("the training list has no labels (every label is −1); fine-tuning needs a labelled list (path label).");
        return max + 1;
    }

    private static LabelSpace? ClassesBeside(string list)
    {
        var classes = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(list))!, "classes.txt");
        return File.Exists(classes) ? LabelSpace.Read(classes) : null;
    }
}
