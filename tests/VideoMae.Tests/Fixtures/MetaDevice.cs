using static TorchSharp.torch;

namespace VideoMae.Tests.Fixtures;

/// <summary>
/// Builds modules on libtorch's "meta" device: every parameter and buffer has its shape and dtype but no storage, and
/// initialisers do nothing, so ViT-g (1.01 B parameters, 4 GB in float32) builds in under a second. For tests of
/// structure only: a meta tensor has no values to read.
/// </summary>
internal static class MetaDevice
{
    /// <summary>Runs <paramref name="create"/> with "meta" as the default device, then restores the previous default.</summary>
    /// <remarks>
    /// The default device is process-wide; the test assembly runs one test at a time (AssemblySettings.cs), so no
    /// other test builds a module meanwhile.
    /// </remarks>
    public static T Build<T>(Func<T> create)
    {
        var previous = get_default_device();
        set_default_device(META);
        try
        {
            return create();
        }
        finally
        {
            set_default_device(previous);
        }
    }
}
