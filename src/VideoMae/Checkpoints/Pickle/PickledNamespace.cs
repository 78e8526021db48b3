namespace VideoMae.Checkpoints.Pickle;

/// <summary>
/// An <c>argparse.Namespace</c> from a checkpoint (the training script's <c>args</c>), kept opaque: the reader never
/// instantiates Python classes, it only records the attribute state the pickle assigned to the object.
/// </summary>
public sealed class PickledNamespace
{
    internal PickledNamespace()
    {
    }

    /// <summary>The Python class, always <c>argparse.Namespace</c>.</summary>
    public string ClassName => "argparse.Namespace";

    /// <summary>
    /// The state the pickle gave the object (its <c>BUILD</c> argument): normally a dict from attribute name to plain
    /// value, as <see cref="Dictionary{TKey, TValue}"/>; <c>null</c> when the pickle assigned none.
    /// </summary>
    public object? State { get; internal set; }

    /// <summary>The attributes when <see cref="State"/> is a dict with string keys, otherwise empty.</summary>
    public IReadOnlyDictionary<string, object?> Attributes =>
        State is Dictionary<object, object?> dict
            ? dict.Where(p => p.Key is string).ToDictionary(p => (string)p.Key, p => p.Value, StringComparer.Ordinal)
            : new Dictionary<string, object?>();

    /// <inheritdoc />
    public override string ToString() => ClassName;
}
