using VideoMae.Checkpoints;
using VideoMae.Config;

namespace VideoMae.Training;

/// <summary>The metadata a trained model's file carries so that its architecture can be inferred from the file alone.</summary>
public static class ModelMetadata
{
    /// <summary>Heads, frames, input size and MLP ratio of <paramref name="encoder"/> (and the decoder's heads when given).</summary>
    public static IReadOnlyDictionary<string, string> For(VitConfig encoder, DecoderConfig? decoder = null) =>
        ArchitectureInference.ToMetadata(new InferredArchitecture(encoder, decoder, null, encoder.Grid));
}
