namespace VideoMae.Training.Runs;

/// <summary>
/// The files of one training run, all in one folder: <c>config.json</c> (the settings), <c>machine.json</c>,
/// <c>metrics.csv</c>, <c>checkpoint.safetensors</c> (resumable state, replaced atomically) and
/// <c>model.safetensors</c> (the final weights under the official key names, for fine-tuning and evaluation),
/// <c>eval.json</c> and <c>predictions.csv</c> (an evaluation's metrics and per-video predictions), and
/// <c>run.lock</c>, which its one writer holds (<see cref="RunLock"/>).
/// </summary>
/// <param name="Path">The folder.</param>
public sealed record RunFolder(string Path)
{
    /// <summary>The run's settings as JSON.</summary>
    public string Config => System.IO.Path.Combine(Path, "config.json");

    /// <summary>The machine the run is on.</summary>
    public string Machine => System.IO.Path.Combine(Path, "machine.json");

    /// <summary>One line per optimizer step.</summary>
    public string Metrics => System.IO.Path.Combine(Path, "metrics.csv");

    /// <summary>The last resumable state.</summary>
    public string Checkpoint => System.IO.Path.Combine(Path, "checkpoint.safetensors");

    /// <summary>The final model weights.</summary>
    public string Model => System.IO.Path.Combine(Path, "model.safetensors");

    /// <summary>Validation after every few epochs (fine-tuning and distillation with eval_every_epochs): epoch, top-1, top-5.</summary>
    public string EpochEvaluations => System.IO.Path.Combine(Path, "eval-epochs.csv");

    /// <summary>Evaluation results (fine-tuning, distillation, eval).</summary>
    public string Evaluation => System.IO.Path.Combine(Path, "eval.json");

    /// <summary>The evaluation's per-video predictions, beside <see cref="Evaluation"/> (<see cref="Evaluation.PredictionsCsv"/>).</summary>
    public string Predictions => System.IO.Path.Combine(Path, "predictions.csv");

    /// <summary>The lock file of the folder's one writer.</summary>
    public string Lock => System.IO.Path.Combine(Path, RunLock.FileName);

    /// <summary>
    /// The names of the files a run has written here (checkpoint aside): a folder with some of them but no checkpoint
    /// holds a run that failed or was stopped before its first checkpoint.
    /// </summary>
    public IReadOnlyList<string> RunFiles() =>
        new[] { Config, Machine, Metrics, Model, EpochEvaluations, Evaluation, Predictions }.Where(File.Exists).Select(f => System.IO.Path.GetFileName(f)).ToList();

    /// <summary>
    /// Deletes the temporary files of writes that never finished (<c>checkpoint.safetensors.tmp-…</c> and every other
    /// <c>NAME.tmp-…</c> or <c>NAME.tmp</c> of an atomic write) and returns their names. Only the holder of
    /// <see cref="RunLock"/> may call it: another writer's temporary file is not stale.
    /// </summary>
    public IReadOnlyList<string> RemoveTemporaryFiles()
    {
        if (!Directory.Exists(Path))
            return [];
        var stale = Directory.EnumerateFiles(Path, "*.tmp-*").Concat(Directory.EnumerateFiles(Path, "*.tmp")).Distinct().ToList();
        foreach (var file in stale)
            File.Delete(file);
        return stale.Select(f => System.IO.Path.GetFileName(f)).ToList();
    }
}
