using TorchSharp.Modules;
using VideoMae.Config;
using static TorchSharp.torch;

namespace VideoMae.Layers;

/// <summary>
/// Tubelet embedding: one Conv3d with kernel = stride = (tubelet, p, p), flattened to tokens in t-major raster order
/// (SPEC §1.3). State-dict keys: <c>proj.weight</c> [D, C, t, p, p], <c>proj.bias</c> [D]. Keeps PyTorch's default
/// Conv3d initialisation, as the reference does not re-initialise it.
/// </summary>
public sealed class PatchEmbed3d : nn.Module<Tensor, Tensor>
{
    private readonly Conv3d proj;
    private readonly VitConfig _config;

    /// <summary>Creates the embedding for clips of the configured size.</summary>
    public PatchEmbed3d(VitConfig config) : base(nameof(PatchEmbed3d))
    {
        _config = config.Validate();
        var kernel = ((long)config.Tubelet, (long)config.Patch, (long)config.Patch);
        proj = nn.Conv3d(config.InChannels, config.EmbedDim, kernel, stride: kernel);
        RegisterComponents();
    }

    /// <summary>Embeds a clip batch.</summary>
    /// <param name="video">[B, C, T, H, W] with the configured C, T, H, W.</param>
    /// <returns>[B, N, D], N = T'·H'·W'.</returns>
    public override Tensor forward(Tensor video)
    {
        ClipShape.Check(video, _config);
        // [B, D, T', H', W'] -> [B, D, N] -> [B, N, D]
        return proj.call(video).flatten(2).transpose(1, 2);
    }
}
