using System.Text;

namespace VideoMae.Checkpoints;

/// <summary>A checkpoint tensor that cannot go into the model parameter of the same name.</summary>
/// <param name="Key">The model's key.</param>
/// <param name="Expected">The model parameter's shape.</param>
/// <param name="Actual">The checkpoint tensor's shape.</param>
/// <param name="Problem">What is wrong, e.g. "shape" or "dtype Int64, not floating point".</param>
public sealed record ShapeMismatch(string Key, long[] Expected, long[] Actual, string Problem)
{
    /// <inheritdoc/>
    public override string ToString() => Problem == "shape"
        ? $"{Key}: checkpoint [{string.Join(", ", Actual)}], model [{string.Join(", ", Expected)}]"
        : $"{Key}: {Problem}";
}

/// <summary>
/// What loading a checkpoint into a model did (SPEC §5.2): the keys copied, the model keys the checkpoint lacks, the
/// checkpoint keys the model has no place for, the tensors whose shape or dtype does not fit, and notes on the
/// conversion. A strict load refuses anything but a complete report (<see cref="IsComplete"/>).
/// </summary>
/// <param name="Source">The checkpoint, for messages.</param>
/// <param name="Naming">The key naming detected.</param>
/// <param name="Loaded">Model keys copied from the checkpoint.</param>
/// <param name="Missing">Model keys absent from the checkpoint (they keep their initial values in a non-strict load).</param>
/// <param name="Unexpected">Checkpoint keys (after renaming) that name no model key.</param>
/// <param name="Mismatched">Keys present on both sides whose tensors do not fit; never copied.</param>
/// <param name="Notes">Conversions applied and caveats.</param>
public sealed record LoadReport(
    string Source,
    KeyNaming Naming,
    IReadOnlyList<string> Loaded,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<ShapeMismatch> Mismatched,
    IReadOnlyList<string> Notes)
{
    private const int ListedPerKind = 8;

    /// <summary>True when every model key was loaded and every checkpoint key was used.</summary>
    public bool IsComplete => Missing.Count == 0 && Unexpected.Count == 0 && Mismatched.Count == 0;

    /// <summary>
    /// One line per kind of problem, each listing up to eight keys; "loaded N tensors" when there is none. Used as
    /// the message of a refused strict load.
    /// </summary>
    public string Describe()
    {
        var text = new StringBuilder($"{Source} ({Naming} names): loaded {Loaded.Count} tensors");
        Append(text, "missing from the checkpoint", Missing);
        Append(text, "unexpected (no such model key)", Unexpected);
        Append(text, "not fitting the model", Mismatched.Select(m => m.ToString()).ToList());
        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();

    private static void Append(StringBuilder text, string what, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
            return;
        var shown = string.Join("; ", keys.Take(ListedPerKind));
        var more = keys.Count > ListedPerKind ? $"; and {keys.Count - ListedPerKind} more" : "";
        text.Append($"; {keys.Count} {what}: {shown}{more}");
    }
}
