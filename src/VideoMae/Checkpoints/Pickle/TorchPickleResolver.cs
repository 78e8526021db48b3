namespace VideoMae.Checkpoints.Pickle;

/// <summary>
/// The resolver for <c>torch.save</c> checkpoints: globals only from <see cref="PickleGlobal.AllowList"/>, persistent
/// ids only of the form <c>('storage', torch.XStorage, key, location, numel)</c>, and calls only of the allow-listed
/// functions, which produce descriptions (<see cref="TensorRef"/>, empty dicts, <see cref="PickledNamespace"/>)
/// instead of running anything.
/// </summary>
internal sealed class TorchPickleResolver : IPickleResolver
{
    /// <summary>The one instance; the resolver holds no state.</summary>
    public static TorchPickleResolver Instance { get; } = new();

    private TorchPickleResolver()
    {
    }

    /// <inheritdoc />
    public object FindGlobal(string module, string name, PickleContext at) =>
        PickleGlobal.AllowList.GetValueOrDefault($"{module}.{name}")
        ?? throw at.Error($"the pickle asks for the global '{module}.{name}', which a state dict never needs; refusing to load");

    /// <inheritdoc />
    public object? PersistentLoad(object? pid, PickleContext at)
    {
        if (pid is not object?[] { Length: 5 } t || t[0] is not "storage")
            throw at.Error($"a persistent id is {PickleMachine.Describe(pid)}; expected ('storage', type, key, location, numel)");
        if (t[1] is not PickleGlobal { Kind: PickleGlobalKind.Storage, StorageType: { } type })
            throw at.Error($"a storage's type is {PickleMachine.Describe(t[1])}; expected one of {string.Join(", ", TorchStorageType.All.Values)}");
        if (t[2] is not string key || key.Length == 0 || key.Contains('/') || key.Contains('\\') || key.Contains(".."))
            throw at.Error($"a storage key is {PickleMachine.Describe(t[2])}; expected a plain entry name under data/");
        if (t[3] is not string location)
            throw at.Error($"the location of storage '{key}' is {PickleMachine.Describe(t[3])}; expected a string such as 'cpu'");
        if (t[4] is not long numel || numel < 0)
            throw at.Error($"storage '{key}' declares {PickleMachine.Describe(t[4])} elements; expected a non-negative int");
        return new StorageRef(key, type, location, numel);
    }

    /// <inheritdoc />
    public object? Reduce(object? callable, object?[] args, PickleContext at)
    {
        if (callable is not PickleGlobal global)
            throw at.Error($"REDUCE calls {PickleMachine.Describe(callable)}, which is not an allowed function");
        switch (global.Kind)
        {
            case PickleGlobalKind.OrderedDict:
            case PickleGlobalKind.Namespace:
                return Create(global, args, at);
            case PickleGlobalKind.RebuildTensorV2:
                return RebuildTensor(args, at);
            case PickleGlobalKind.RebuildParameter:
                if (args.Length is < 3 or > 4 || args[0] is not TensorRef data)
                    throw at.Error($"{global} expects (tensor, requires_grad, backward_hooks[, state]), got {Describe(args)}");
                return data;
            default:
                throw at.Error($"REDUCE calls {global}, which a checkpoint only names as a storage type");
        }
    }

    /// <inheritdoc />
    public object? NewObj(object? cls, object?[] args, PickleContext at)
    {
        if (cls is PickleGlobal { Kind: PickleGlobalKind.OrderedDict or PickleGlobalKind.Namespace } global)
            return Create(global, args, at);
        throw at.Error($"NEWOBJ instantiates {PickleMachine.Describe(cls)}, which is not an allowed class");
    }

    /// <inheritdoc />
    public void Build(object? target, object? state, PickleContext at)
    {
        switch (target)
        {
            case Dictionary<object, object?>:
                // An OrderedDict's instance attributes, e.g. a state dict's _metadata (module versions): not weights.
                return;
            case PickledNamespace ns:
                ns.State = state;
                return;
            default:
                throw at.Error($"BUILD sets the state of {PickleMachine.Describe(target)}, which this reader does not support");
        }
    }

    private static object Create(PickleGlobal global, object?[] args, PickleContext at)
    {
        if (args.Length != 0)
            throw at.Error($"{global} is created with {Describe(args)}; a checkpoint creates it without arguments");
        return global.Kind == PickleGlobalKind.OrderedDict ? new Dictionary<object, object?>() : new PickledNamespace();
    }

    private static TensorRef RebuildTensor(object?[] args, PickleContext at)
    {
        // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        const string expected = "(storage, offset, size, stride, requires_grad, backward_hooks)";
        if (args.Length is < 6 or > 7)
            throw at.Error($"_rebuild_tensor_v2 expects {expected}, got {Describe(args)}");
        if (args[0] is not StorageRef storage)
            throw at.Error($"_rebuild_tensor_v2's storage is {PickleMachine.Describe(args[0])}; expected a persistent storage id");
        if (args[1] is not long offset || offset < 0)
            throw at.Error($"_rebuild_tensor_v2's storage offset is {PickleMachine.Describe(args[1])}; expected a non-negative int");
        var size = Longs(args[2], "size", at);
        var stride = Longs(args[3], "stride", at);
        if (size.Length != stride.Length)
            throw at.Error($"_rebuild_tensor_v2 has a size of {size.Length} dimensions but a stride of {stride.Length}");
        if (size.Any(d => d < 0) || stride.Any(s => s < 0))
            throw at.Error($"_rebuild_tensor_v2 has a negative size or stride ([{string.Join(", ", size)}], [{string.Join(", ", stride)}])");
        return new TensorRef(storage, offset, size, stride);
    }

    private static long[] Longs(object? value, string what, PickleContext at)
    {
        if (value is object?[] tuple && tuple.All(v => v is long))
            return tuple.Select(v => (long)v!).ToArray();
        throw at.Error($"_rebuild_tensor_v2's {what} is {PickleMachine.Describe(value)}; expected a tuple of ints");
    }

    private static string Describe(object?[] args) => $"({string.Join(", ", args.Select(PickleMachine.Describe))})";
}
