namespace VideoMae.Checkpoints.Pickle;

/// <summary>What an allow-listed global does when a checkpoint's pickle calls or instantiates it.</summary>
internal enum PickleGlobalKind
{
    /// <summary><c>collections.OrderedDict</c>: an empty dict.</summary>
    OrderedDict,

    /// <summary><c>torch._utils._rebuild_tensor_v2</c>: a tensor view of a storage.</summary>
    RebuildTensorV2,

    /// <summary><c>torch._utils._rebuild_parameter</c> (and <c>_with_state</c>): the wrapped tensor itself.</summary>
    RebuildParameter,

    /// <summary>A <c>torch.*Storage</c> class, only ever named inside a storage's persistent id.</summary>
    Storage,

    /// <summary><c>argparse.Namespace</c>: an opaque <see cref="PickledNamespace"/>.</summary>
    Namespace,
}

/// <summary>A global from the allow-list, as the unpickler holds it on its stack; never anything executable.</summary>
/// <param name="Module">Python module, e.g. <c>torch._utils</c>.</param>
/// <param name="Name">Name inside the module.</param>
/// <param name="Kind">What calling it means.</param>
/// <param name="StorageType">For <see cref="PickleGlobalKind.Storage"/>, which storage.</param>
internal sealed record PickleGlobal(string Module, string Name, PickleGlobalKind Kind, TorchStorageType? StorageType = null)
{
    /// <summary>The allow-list, by <c>module.name</c>.</summary>
    public static IReadOnlyDictionary<string, PickleGlobal> AllowList { get; } = Build();

    /// <summary>The qualified name, <c>module.name</c>.</summary>
    public string QualifiedName => $"{Module}.{Name}";

    /// <inheritdoc />
    public override string ToString() => QualifiedName;

    private static Dictionary<string, PickleGlobal> Build()
    {
        var globals = new List<PickleGlobal>
        {
            new("collections", "OrderedDict", PickleGlobalKind.OrderedDict),
            new("torch._utils", "_rebuild_tensor_v2", PickleGlobalKind.RebuildTensorV2),
            new("torch._utils", "_rebuild_parameter", PickleGlobalKind.RebuildParameter),
            new("torch._utils", "_rebuild_parameter_with_state", PickleGlobalKind.RebuildParameter),
            new("argparse", "Namespace", PickleGlobalKind.Namespace),
        };
        globals.AddRange(TorchStorageType.All.Values.Select(s => new PickleGlobal("torch", s.Name, PickleGlobalKind.Storage, s)));
        return globals.ToDictionary(g => g.QualifiedName, StringComparer.Ordinal);
    }
}
