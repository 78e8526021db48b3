using System.Globalization;
using VideoMae.Checkpoints;
using VideoMae.Config;

namespace VideoMae.Training;

/// <summary>The metadata a trained model's file carries so that its architecture can be inferred from the file alone.</summary>
public static class ModelMetadata
{
    /// <summary>Heads, frames and input size of <paramref name="encoder"/> (and the decoder's heads when given).</summary>
    public static IReadOnlyDictionary<string, string> For(VitConfig encoder, DecoderConfig? decoder = null)
    {
        var metadata = new Dictionary<string, string>
        {
            [ArchitectureInference.MetadataKeys.Heads] = encoder.NumHeads.ToString(CultureInfo.InvariantCulture),
            [ArchitectureInference.MetadataKeys.Frames] = encoder.Frames.ToString(CultureInfo.InvariantCulture),
            [ArchitectureInference.MetadataKeys.Size] = encoder.ImageSize.ToString(CultureInfo.InvariantCulture),
        };
        if (decoder is not null)
            metadata[ArchitectureInference.MetadataKeys.DecoderHeads] = decoder.NumHeads.ToString(CultureInfo.InvariantCulture);
        return metadata;
    }
}
