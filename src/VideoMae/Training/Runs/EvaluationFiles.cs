using System.Text.Json;
using VideoMae.Evaluation;
using VideoMae.Runtime;

namespace VideoMae.Training.Runs;

/// <summary>Where an evaluation is kept: eval.json (metrics) and predictions.csv (per video) in one folder, each replaced atomically.</summary>
public static class EvaluationFiles
{
    /// <summary>Writes <see cref="RunFolder.Evaluation"/> and <see cref="RunFolder.Predictions"/> of <paramref name="folder"/>, creating the folder.</summary>
    /// <inheritdoc cref="AtomicFile.Write(string, Action{Stream}, string)" path="/exception"/>
    public static void Write(RunFolder folder, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder.Path);
        AtomicFile.Write(folder.Predictions, stream => PredictionsCsv.Write(stream, result.Predictions), "the predictions");
        AtomicFile.WriteAllText(folder.Evaluation, JsonSerializer.Serialize(result.Metrics, Trainer.Json), "the evaluation");
    }
}
