namespace VideoMae.Training.Runs;

/// <summary>
/// Whether a run may start in a folder, decided from what the folder holds before anything is written: a new run
/// needs a folder no run has written to, a resume needs a checkpoint written with settings that do not change the run
/// (<see cref="SettingsComparison"/>). A refusal is one <see cref="ArgumentException"/> line naming the folder; the
/// trainer asks before it creates the folder, and again once it holds the folder's <see cref="RunLock"/>.
/// </summary>
public static class RunStart
{
    /// <summary>
    /// The checkpoint a run with <paramref name="settingsJson"/> continues from (null for a new run), or a refusal.
    /// <paramref name="log"/> hears the harmless setting changes of a resume.
    /// </summary>
    /// <exception cref="ArgumentException">The folder is a file, holds a run that a new run would overwrite, or has no
    /// checkpoint to resume; or the resume changes the run.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is not a training checkpoint of this library.</exception>
    public static string? Check(RunFolder folder, bool resume, string settingsJson, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = folder.Path;
        if (File.Exists(path))
            throw new ArgumentException($"--out {path} is a file; expected a run folder (a new one, or one to --resume).");
        var hasCheckpoint = File.Exists(folder.Checkpoint);
        var written = Directory.Exists(path) ? folder.RunFiles() : [];
        if (!resume)
        {
            if (hasCheckpoint)
                throw new ArgumentException($"{path} already holds a run ({folder.Checkpoint}); pass --resume to continue it, or choose another --out.");
            if (written.Count > 0)
                throw new ArgumentException(
                    $"{path} holds a run that stopped before its first checkpoint ({string.Join(", ", written)}); there is nothing to --resume: delete the folder, or choose another --out.");
            return null;
        }
        if (!hasCheckpoint)
            throw new ArgumentException(!Directory.Exists(path)
                ? $"--resume: {path} does not exist, so there is no run to continue; check --out, or leave out --resume to start a new run."
                : written.Count > 0
                    ? $"--resume: {path} holds no checkpoint.safetensors to continue from: its run ({string.Join(", ", written)}) stopped before its first checkpoint; delete the folder to start again, or choose another --out."
                    : $"--resume: {path} holds no checkpoint.safetensors to continue from (no run has written there); check --out, or leave out --resume to start a new run.");
        var differences = SettingsComparison.Compare(TrainingCheckpoint.ReadSettings(folder.Checkpoint), settingsJson);
        if (differences.Changing.Count > 0)
            throw new ArgumentException(SettingsComparison.Message(differences.Changing));
        if (differences.Harmless.Count > 0)
            log?.Invoke($"resume: continuing with changed {string.Join(", ", differences.Harmless)}");
        return folder.Checkpoint;
    }
}
