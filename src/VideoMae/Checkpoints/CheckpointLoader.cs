using TorchSharp;
using VideoMae.Layers;
using VideoMae.Models;
using VideoMae.Runtime;
using static TorchSharp.torch;

namespace VideoMae.Checkpoints;

/// <summary>A classifier built and loaded from a checkpoint; disposing it disposes the model.</summary>
/// <param name="Model">The classifier, in eval mode, on the requested device.</param>
/// <param name="Architecture">What the checkpoint's shapes and the hints said.</param>
/// <param name="Report">What the load did.</param>
public sealed record LoadedClassifier(VideoClassifier Model, InferredArchitecture Architecture, LoadReport Report) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose() => Model.Dispose();
}

/// <summary>
/// Loads checkpoints into this library's models (SPEC §5.2, §8): keys renamed by <see cref="KeyMapping"/>, every
/// tensor checked against the model before the first is copied, so a refused load leaves the model as it was.
/// Stored float16, bfloat16 and float64 tensors are converted to the model's dtype on copy.
/// </summary>
public static class CheckpointLoader
{
    /// <summary>
    /// Copies <paramref name="mapped"/> into <paramref name="model"/>. A checkpoint key goes to the model key of the
    /// same name, or to <c>encoder.</c> + name (pre-training models keep the backbone under <c>encoder.</c>).
    /// A tensor whose shape differs, or that is not floating point where the model's is, is never copied.
    /// </summary>
    /// <param name="model">Any module whose state-dict keys are official names (<see cref="VideoClassifier"/>, <see cref="PretrainModel"/>, <see cref="VitEncoder"/>).</param>
    /// <param name="mapped">The checkpoint under official names.</param>
    /// <param name="strict">Refuse (copying nothing) unless every model key is loaded and every checkpoint key used.
    /// A non-strict load copies what fits (the reference's fine-tuning start from a pre-trained encoder).</param>
    /// <param name="source">Names the checkpoint in the report and errors.</param>
    /// <exception cref="InvalidDataException">A strict load found missing, unexpected or mismatched keys; the message lists them.</exception>
    public static LoadReport Load(nn.Module model, MappedStateDict mapped, bool strict = true, string source = "checkpoint")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(mapped);
        var expected = model.state_dict();
        var copies = new List<(Tensor Target, Tensor Value)>();
        var (loaded, unexpected, mismatched) = (new List<string>(), new List<string>(), new List<ShapeMismatch>());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in mapped.Tensors)
        {
            var key = expected.ContainsKey(name) ? name : expected.ContainsKey("encoder." + name) ? "encoder." + name : null;
            if (key is null)
            {
                unexpected.Add(name);
                continue;
            }
            seen.Add(key);
            var target = expected[key];
            if (!target.shape.SequenceEqual(value.shape))
                mismatched.Add(new ShapeMismatch(key, target.shape, value.shape, "shape"));
            else if (is_floating_point(target) && !is_floating_point(value))
                mismatched.Add(new ShapeMismatch(key, target.shape, value.shape, $"dtype {value.dtype}, expected floating point"));
            else
            {
                copies.Add((target, value));
                loaded.Add(key);
            }
        }
        var missing = expected.Keys.Where(k => !seen.Contains(k)).ToList();
        var report = new LoadReport(source, mapped.Naming, loaded, missing, unexpected, mismatched, mapped.Notes);
        if (strict && !report.IsComplete)
            throw new InvalidDataException($"{report.Describe()}. A strict load copies nothing unless every key fits.");
        using (no_grad())
            foreach (var (target, value) in copies)
                target.copy_(value);
        return report;
    }

    /// <summary>
    /// Reads the checkpoint at <paramref name="path"/> (<c>.pth</c> or safetensors, any naming of SPEC §8), infers its
    /// architecture, builds a <see cref="VideoClassifier"/> and loads it strictly. When the input grid differs from the
    /// one the checkpoint was trained at (<see cref="InferredArchitecture.TrainedGrid"/>), the position table is
    /// interpolated (<see cref="PositionTableInterpolation"/>); a <c>pos_embed</c> stored in the checkpoint is the
    /// table to start from. Every tensor read is disposed before this returns.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="hints">Heads, frames, size or a preset (see <see cref="ArchitectureHints"/>).</param>
    /// <param name="headRows">
    /// Called with the checkpoint's number of classes; when it returns rows, the head keeps only those, in that order:
    /// new_head[i] = head[rows[i]] for weight and bias, the reference's K710 → K400/K600/K700 conversion (SPEC §5.1,
    /// see <see cref="Evaluation.LabelMap.HeadRows"/>). Null, or returning null, keeps the whole head.
    /// </param>
    /// <param name="device">Where the model goes; the CPU when null.</param>
    /// <exception cref="InvalidDataException">The file is unreadable, has no classification head, or does not fit.</exception>
    /// <exception cref="ArgumentException">A hint contradicts the checkpoint, or a head row is out of range.</exception>
    public static LoadedClassifier LoadClassifier(string path, ArchitectureHints? hints = null, Func<int, IReadOnlyList<int>?>? headRows = null, Device? device = null)
    {
        TorchRuntime.EnsureLoaded();
        var prepared = Prepare(path, hints, headRows);
        try
        {
            var (architecture, encoder) = (prepared.Architecture, prepared.Architecture.Encoder);
            // Built outside any dispose scope of ours: a scope would dispose the parameters with the checkpoint's tensors.
            var model = new VideoClassifier(encoder, architecture.Classes!.Value);
            try
            {
                var report = Load(model, prepared.Mapped, strict: true, source: path);
                if (prepared.Table is { } table)
                {
                    using (no_grad())
                        model.get_buffer("pos_embed")!.copy_(table);
                    report = report with { Notes = [.. report.Notes, prepared.TableNote!] };
                }
                model.eval();
                if (device is not null)
                    model.to(device);
                return new LoadedClassifier(model, architecture, report);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        finally
        {
            foreach (var t in prepared.Mapped.Tensors.Values)
                t.Dispose();
            prepared.Table?.Dispose();
        }
    }

    // The checkpoint read, renamed and checked; the tensors kept are the caller's to dispose, all others are gone.
    private sealed record Prepared(InferredArchitecture Architecture, MappedStateDict Mapped, Tensor? Table, string? TableNote);

    private static Prepared Prepare(string path, ArchitectureHints? hints, Func<int, IReadOnlyList<int>?>? headRows)
    {
        using var scope = NewDisposeScope();
        var file = CheckpointFile.Read(path);
        var mapped = KeyMapping.ToOfficial(file.Tensors, path);
        var architecture = ArchitectureInference.Infer(mapped.Tensors, hints, file.Metadata, path);
        if (architecture.Classes is not { } classes)
            throw new InvalidDataException($"{path}: has no classification head (head.weight); it is a pre-training or encoder-only checkpoint, which needs fine-tuning before it can classify.");
        var tensors = new OrderedDictionary<string, Tensor>(mapped.Tensors, StringComparer.Ordinal);
        if (headRows?.Invoke(classes) is { } rows)
        {
            SelectHeadRows(tensors, rows, classes, path);
            architecture = architecture with { Classes = rows.Count };
            mapped = mapped with { Notes = [.. mapped.Notes, $"head reduced from {classes} to {rows.Count} classes (rows chosen by a label map)."] };
        }
        tensors.Remove("pos_embed", out var stored);
        var (table, note) = PositionTable(stored, architecture, path);
        scope.MoveToOuter(table is null ? tensors.Values : tensors.Values.Append(table));
        return new Prepared(architecture, mapped with { Tensors = tensors }, table, note);
    }

    private static void SelectHeadRows(OrderedDictionary<string, Tensor> tensors, IReadOnlyList<int> rows, int classes, string path)
    {
        if (rows.Count == 0)
            throw new ArgumentException("headRows is empty; expected at least one row of the head.", nameof(rows));
        foreach (var bad in rows.Where(r => r < 0 || r >= classes).Take(1))
            throw new ArgumentException($"head row {bad} is outside the {classes} classes of {path}; expected rows in [0, {classes}).", nameof(rows));
        using var index = tensor(rows.Select(r => (long)r).ToArray());
        foreach (var key in new[] { "head.weight", "head.bias" })
            if (tensors.TryGetValue(key, out var t) && t.dim() >= 1 && t.shape[0] == classes)
                tensors[key] = t.index_select(0, index);
    }

    // The table to install and a note saying where it came from, or nulls when the model's own sin-cos table is right.
    private static (Tensor? Table, string? Note) PositionTable(Tensor? stored, InferredArchitecture architecture, string path)
    {
        var (trained, wanted, dim) = (architecture.TrainedGrid, architecture.Encoder.Grid, architecture.Encoder.EmbedDim);
        if (stored is null)
            return trained == wanted
                ? (null, null)
                : (PositionTableInterpolation.SinCos(trained, wanted, dim), $"sin-cos position table interpolated from the {trained} token grid the checkpoint was trained at to {wanted}.");
        var source = stored.shape.SequenceEqual(new long[] { 1, wanted.Count, dim }) ? wanted
            : stored.shape.SequenceEqual(new long[] { 1, trained.Count, dim }) ? trained
            : throw new InvalidDataException($"{path}: pos_embed has shape [{string.Join(", ", stored.shape)}]; expected [1, {trained.Count}, {dim}] (the {trained} grid) or [1, {wanted.Count}, {dim}] (the {wanted} grid).");
        if (!is_floating_point(stored))
            throw new InvalidDataException($"{path}: pos_embed has dtype {stored.dtype}; expected floating point.");
        var note = source == wanted ? "position table taken from the checkpoint's pos_embed." : $"position table (the checkpoint's pos_embed) interpolated from the {source} token grid to {wanted}.";
        return (PositionTableInterpolation.Resize(stored.to(ScalarType.Float32), source, wanted), note);
    }
}
