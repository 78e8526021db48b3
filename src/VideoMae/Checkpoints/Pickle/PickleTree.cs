namespace VideoMae.Checkpoints.Pickle;

/// <summary>
/// Walks an unpickled object graph (dicts, lists, tuples, namespaces) and replaces its leaves of interest
/// (<see cref="TensorRef"/>, <see cref="StorageRef"/>, <see cref="PickleGlobal"/>) in place. Shared containers are
/// visited once and cycles are cut; graphs nested deeper than <see cref="MaxDepth"/> are refused.
/// </summary>
internal static class PickleTree
{
    /// <summary>The deepest container nesting accepted.</summary>
    public const int MaxDepth = 100;

    /// <summary>
    /// <paramref name="root"/> with every leaf of interest replaced by <paramref name="replace"/>'s result (the root
    /// itself when it is one); containers are modified in place.
    /// </summary>
    public static object? Map(object? root, Func<object, object?> replace, string path) =>
        Visit(root, replace, path, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);

    private static bool IsLeaf(object? node) => node is TensorRef or StorageRef or PickleGlobal;

    private static object? Visit(object? node, Func<object, object?> replace, string path, HashSet<object> visited, int depth)
    {
        if (node is null)
            return null;
        if (IsLeaf(node))
            return replace(node);
        if (node is not (Dictionary<object, object?> or List<object?> or object?[] or PickledNamespace))
            return node;
        if (!visited.Add(node))
            return node;
        if (depth >= MaxDepth)
            throw CheckpointErrors.Create(path, $"the pickled object nests deeper than {MaxDepth} levels; refusing to load");
        switch (node)
        {
            case Dictionary<object, object?> dict:
                foreach (var key in dict.Keys.ToList())
                {
                    if (IsLeaf(key))
                        throw CheckpointErrors.Create(path, $"a dict key is {key}, which this reader does not support");
                    dict[key] = Visit(dict[key], replace, path, visited, depth + 1);
                }
                break;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                    list[i] = Visit(list[i], replace, path, visited, depth + 1);
                break;
            case object?[] tuple:
                for (var i = 0; i < tuple.Length; i++)
                    tuple[i] = Visit(tuple[i], replace, path, visited, depth + 1);
                break;
            case PickledNamespace ns:
                ns.State = Visit(ns.State, replace, path, visited, depth + 1);
                break;
        }
        return node;
    }
}
