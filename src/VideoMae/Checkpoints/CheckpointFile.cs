using static TorchSharp.torch;

namespace VideoMae.Checkpoints;

/// <summary>A checkpoint file's tensors under its own key names, with its metadata.</summary>
/// <param name="Path">The file.</param>
/// <param name="Tensors">Keys → CPU tensors in the stored dtype; they join the dispose scope that was current at reading.</param>
/// <param name="Metadata">The safetensors <c>__metadata__</c> map; empty for <c>.pth</c> files.</param>
public sealed record CheckpointFile(string Path, IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>
    /// Reads a PyTorch <c>.pth</c> (zip) file through <see cref="PthReader"/> or a safetensors file through
    /// <see cref="Safetensors"/>, told apart by content (a zip starts with "PK"), not by the name; see
    /// <see cref="CheckpointIndex"/>, which a loader with a model in hand uses to check the shapes before reading.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is neither a readable checkpoint nor a safetensors file.</exception>
    public static CheckpointFile Read(string path)
    {
        using var index = CheckpointIndex.Open(path);
        return new CheckpointFile(path, index.Load(), index.Metadata);
    }
}
