using System.Globalization;
using VideoMae.Data.Datasets;
using VideoMae.Evaluation;
using VideoMae.Models;
using VideoMae.Training.Settings;
using static TorchSharp.torch;

namespace VideoMae.Training.Runs;

/// <summary>
/// Validation during fine-tuning (<see cref="FinetuneSettings.EvalEveryEpochs"/>): every k epochs the current weights are
/// evaluated with the run's test views and a row appended to <see cref="RunFolder.EpochEvaluations"/>, so a learning
/// curve on held-out videos is there while the run goes on. The final epoch is left to the end-of-run evaluation.
/// </summary>
public sealed class PeriodicValidation(FinetuneSettings settings, VideoDataset train)
{
    private VideoDataset? _set;

    /// <summary>
    /// The validation set of <paramref name="settings"/> in the label space of <paramref name="train"/>, read like the
    /// first training source (its stride, frame template and start index).
    /// </summary>
    public static VideoDataset SetOf(FinetuneSettings settings, VideoDataset train) =>
        LabelledSets.Validation(settings.Train[0] with { List = settings.Val ?? throw new ArgumentException("the settings have no validation list (val).") },
            train, settings.LabelMerge);

    /// <summary>Evaluates <paramref name="model"/> when <paramref name="epochs"/> is due; returns the metrics, or null when not.</summary>
    public ClassificationMetrics? After(VideoClassifier model, int epochs, RunFolder folder, Device device, Action<string> log)
    {
        var every = settings.EvalEveryEpochs;
        if (every <= 0 || settings.Val is null || epochs % every != 0 || epochs >= settings.Run.Epochs)
            return null;
        _set ??= SetOf(settings, train);
        var metrics = ClassificationEvaluation.Evaluate(model, _set, TrainingRuns.TestViews(settings), device);
        var path = folder.EpochEvaluations;
        if (!File.Exists(path))
            File.WriteAllText(path, "epoch,top1,top5,videos\n");
        File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture, $"{epochs},{metrics.Top1:R},{metrics.Top5:R},{metrics.Videos}\n"));
        log($"val after epoch {epochs}: top-1 {metrics.Top1:P2}, top-5 {metrics.Top5:P2} ({metrics.Videos} videos)");
        return metrics;
    }
}
