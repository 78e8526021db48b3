using VideoMae.Data.Datasets;
using VideoMae.Models;
using static TorchSharp.torch;

namespace VideoMae.Evaluation;

/// <summary>
/// Evaluates a classifier on a labelled set with the test-time protocol (SPEC §5.4): each video's prediction is the
/// softmax averaged over its clips × crops (<see cref="MultiViewInference"/>); top-1, top-5 and the confusion matrix
/// follow from those averages.
/// </summary>
public static class ClassificationEvaluation
{
    /// <summary>Evaluates a classifier on every labelled video of a set.</summary>
    /// <param name="model">The classifier (put in eval mode for the duration).</param>
    /// <param name="set">The videos (files or frame folders); each is sampled at its source's stride.</param>
    /// <param name="views">The test views.</param>
    /// <param name="device">The model's device (CPU when null).</param>
    /// <param name="progress">Called with (done, total) after each video.</param>
    public static ClassificationMetrics Evaluate(VideoClassifier model, VideoDataset set, ViewSpec views, Device? device = null, Action<int, int>? progress = null)
    {
        var items = set.Items.Where(i => i.Label >= 0).ToArray();
        if (items.Length == 0)
            throw new InvalidDataException("the evaluation list has no labelled videos (every label is −1); expected lines of 'path label'.");
        var classes = model.Classes;
        var outside = items.FirstOrDefault(i => i.Label >= classes);
        if (outside is not null)
            throw new InvalidDataException($"{outside.Path} has label {outside.Label}, outside the model's {classes} classes.");
        var confusion = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        var (top1, top5, k) = (0, 0, Math.Min(5, classes));
        for (var v = 0; v < items.Length; v++)
        {
            using var scope = NewDisposeScope();
            var itemViews = views with { Stride = items[v].Stride };
            var probabilities = items[v].Frames is { } frames
                ? MultiViewInference.Predict(model, frames, itemViews, device)
                : MultiViewInference.Predict(model, items[v].Path, itemViews, device);
            var ranked = probabilities.argsort(descending: true).data<long>().Take(k).Select(i => (int)i).ToArray();
            confusion[items[v].Label][ranked[0]]++;
            top1 += ranked[0] == items[v].Label ? 1 : 0;
            top5 += ranked.Contains(items[v].Label) ? 1 : 0;
            progress?.Invoke(v + 1, items.Length);
        }
        return new ClassificationMetrics(items.Length, (double)top1 / items.Length, (double)top5 / items.Length, confusion, views.ToString(), set.Labels?.Classes);
    }
}
