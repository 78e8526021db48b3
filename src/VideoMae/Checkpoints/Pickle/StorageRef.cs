namespace VideoMae.Checkpoints.Pickle;

/// <summary>
/// A storage named by a persistent id <c>('storage', torch.XStorage, key, location, numel)</c>; its bytes are the
/// archive entry <c>data/&lt;key&gt;</c>, read only when a tensor on it is built.
/// </summary>
/// <param name="Key">Name of the entry under <c>data/</c>.</param>
/// <param name="Type">Storage class, which fixes the dtype and element size.</param>
/// <param name="Location">Device it was saved from, e.g. <c>cpu</c> or <c>cuda:0</c> (loading is always to CPU).</param>
/// <param name="Numel">Number of elements the pickle declares.</param>
internal sealed record StorageRef(string Key, TorchStorageType Type, string Location, long Numel)
{
    /// <inheritdoc />
    public override string ToString() => $"{Type} '{Key}'";
}
