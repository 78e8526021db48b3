using VideoMae.Training;

namespace VideoMae.Cli.Commands;

/// <summary>The closing lines of a training command: where its files are and how it ended.</summary>
internal static class TrainingReport
{
    public static void Print(TrainingResult result, IEnumerable<KeyValuePair<string, object>>? extra = null)
    {
        Output.Write(false,
        [
            new("run", Path.GetFullPath(result.Folder.Path)),
            new("steps", $"{result.Steps}/{result.TotalSteps}{(result.Interrupted ? " (stopped early; --resume continues)" : "")}"),
            new("last_loss", double.IsNaN(result.LastLoss) ? "-" : Math.Round(result.LastLoss, 5)),
            new("metrics", result.Folder.Metrics),
            new("checkpoint", result.Folder.Checkpoint),
            new("model", result.Folder.Model),
            new("skipped", Skipped(result)),
            .. extra ?? [],
        ]);
    }

    // Samples replaced because their video failed to decode: "0", or "3 (failed videos: a.mp4, b.mp4)".
    private static string Skipped(TrainingResult result) => result.SkippedSamples == 0 || result.SkippedFiles is not { Count: > 0 } files
        ? result.SkippedSamples.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{result.SkippedSamples} (failed videos: {string.Join(", ", files)})";
}
