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
            .. extra ?? [],
        ]);
    }
}
