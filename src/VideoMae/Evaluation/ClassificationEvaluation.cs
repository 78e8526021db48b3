using VideoMae.Data.Datasets;
using VideoMae.Models;
using static TorchSharp.torch;

namespace VideoMae.Evaluation;

/// <summary>
/// Evaluates a classifier on a labelled set with the test-time protocol (SPEC §5.4): each video's prediction is the
/// softmax averaged over its clips × crops (<see cref="MultiViewInference"/>); top-1, top-5 and the confusion matrix
/// follow from those averages, ranked as <see cref="VideoPrediction"/> says.
/// </summary>
public static class ClassificationEvaluation
{
    /// <summary>Evaluates a classifier on every labelled video of a set.</summary>
    /// <param name="model">The classifier (put in eval mode for the duration).</param>
    /// <param name="set">The videos (files or frame folders); each is sampled at its source's stride.</param>
    /// <param name="views">The test views.</param>
    /// <param name="device">The model's device (CPU when null).</param>
    /// <param name="progress">Called with (done, total) after each video.</param>
    public static ClassificationMetrics Evaluate(VideoClassifier model, VideoDataset set, ViewSpec views, Device? device = null, Action<int, int>? progress = null) =>
        EvaluateVideos(model, set, views, device, progress).Metrics;

    /// <summary>Evaluates a classifier on every labelled video of a set, keeping each video's prediction.</summary>
    /// <inheritdoc cref="Evaluate"/>
    public static EvaluationResult EvaluateVideos(VideoClassifier model, VideoDataset set, ViewSpec views, Device? device = null, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        var items = set.Items.Where(i => i.Label >= 0).ToArray();
        if (items.Length == 0)
            throw new InvalidDataException("the evaluation list has no labelled videos (every label is −1); expected lines of 'path label'.");
        var classes = model.Classes;
        var outside = items.FirstOrDefault(i => i.Label >= classes);
        if (outside is not null)
            throw new InvalidDataException($"{outside.Path} has label {outside.Label}, outside the model's {classes} classes.");
        var predictions = new VideoPrediction[items.Length];
        for (var v = 0; v < items.Length; v++)
        {
            using var scope = NewDisposeScope();
            var itemViews = views with { Stride = items[v].Stride };
            var probabilities = items[v].Frames is { } frames
                ? MultiViewInference.Predict(model, frames, itemViews, device)
                : MultiViewInference.Predict(model, items[v].Path, itemViews, device);
            predictions[v] = new VideoPrediction(items[v].Path, items[v].Label, probabilities.data<float>().ToArray());
            progress?.Invoke(v + 1, items.Length);
        }
        return new EvaluationResult(Metrics(predictions, classes, views.ToString(), set.Labels?.Classes), predictions);
    }

    /// <summary>Top-1, top-5 (all classes when fewer) and the confusion matrix of <paramref name="predictions"/>.</summary>
    public static ClassificationMetrics Metrics(IReadOnlyList<VideoPrediction> predictions, int classes, string views, IReadOnlyList<string>? classNames)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count == 0)
            throw new ArgumentException("no predictions; expected at least one video's.", nameof(predictions));
        var outside = predictions.FirstOrDefault(p => p.Label < 0 || p.Label >= classes || p.Probabilities.Length != classes);
        if (outside is not null)
            throw new ArgumentException($"{outside.Video} has label {outside.Label} and {outside.Probabilities.Length} probabilities; expected a label in [0, {classes}) and {classes} probabilities.", nameof(predictions));
        var confusion = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        foreach (var p in predictions)
            confusion[p.Label][p.Predicted]++;
        double Share(Func<VideoPrediction, bool> hit) => (double)predictions.Count(hit) / predictions.Count;
        return new ClassificationMetrics(predictions.Count, Share(p => p.InTop(1)), Share(p => p.InTop(5)), confusion, views, classNames);
    }
}
