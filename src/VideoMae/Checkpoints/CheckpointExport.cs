using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Checkpoints;

/// <summary>
/// Converts a checkpoint (<c>.pth</c> or safetensors, any naming of SPEC §8) to a safetensors file under the official
/// names, with merged <c>qkv</c> weights and the architecture's heads, frames and size in its metadata, so the next
/// load reads it straight into tensor memory and needs no hints.
/// </summary>
public static class CheckpointExport
{
    /// <summary>Writes <paramref name="destination"/> (atomically, see <see cref="Safetensors.Save"/>) from <paramref name="source"/>.</summary>
    /// <param name="source">The checkpoint to convert.</param>
    /// <param name="destination">The safetensors file to write; replaced if it exists.</param>
    /// <param name="hints">What shapes cannot tell, recorded in the metadata (see <see cref="ArchitectureHints"/>).</param>
    /// <returns>The architecture recorded, and the names and notes of the conversion.</returns>
    /// <exception cref="InvalidDataException">The source is unreadable or not a VideoMAE checkpoint.</exception>
    /// <exception cref="IOException">The destination cannot be written (see <see cref="Safetensors.Save"/>); a previous file there is kept.</exception>
    /// <remarks>Tensors keep their stored dtype (a float16 checkpoint stays float16); <c>pos_embed</c>, when stored, is kept.</remarks>
    public static (InferredArchitecture Architecture, KeyNaming Naming, IReadOnlyList<string> Notes) ToSafetensors(string source, string destination, ArchitectureHints? hints = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        TorchRuntime.EnsureLoaded();
        using var index = CheckpointIndex.Open(source);
        using var scope = NewDisposeScope();
        // From the shapes alone first: a file that is not a VideoMAE checkpoint is refused before its tensors are read.
        ArchitectureInference.Infer(KeyMapping.ToOfficial(index.Shapes(), source).Tensors, hints, index.Metadata, source);
        var mapped = KeyMapping.ToOfficial(index.Load(), source);
        var architecture = ArchitectureInference.Infer(mapped.Tensors, hints, index.Metadata, source);
        var metadata = ArchitectureInference.ToMetadata(architecture);
        metadata["videomae.converted_from"] = $"{Path.GetFileName(source)} ({mapped.Naming} names)";
        Safetensors.Save(destination, mapped.Tensors, metadata);
        return (architecture, mapped.Naming, mapped.Notes);
    }
}
