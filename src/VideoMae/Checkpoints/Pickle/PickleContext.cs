namespace VideoMae.Checkpoints.Pickle;

/// <summary>Where the unpickler stands: the checkpoint file and the byte offset of the opcode being run in its pickle.</summary>
/// <param name="Path">The checkpoint file, named in every error.</param>
/// <param name="Offset">Offset of the current opcode inside the pickle stream.</param>
internal readonly record struct PickleContext(string Path, long Offset)
{
    /// <summary>An <see cref="InvalidDataException"/> naming the file, the problem and the pickle offset.</summary>
    public InvalidDataException Error(string problem) =>
        CheckpointErrors.Create(Path, $"{problem} (data.pkl, opcode at byte {Offset})");
}
