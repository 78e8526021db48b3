namespace VideoMae.Checkpoints.Pickle;

/// <summary>The one shape of error a checkpoint reader throws: the file, then the problem in a sentence.</summary>
internal static class CheckpointErrors
{
    public static InvalidDataException Create(string path, string problem, Exception? inner = null) =>
        new($"{path}: {problem}.", inner);
}
