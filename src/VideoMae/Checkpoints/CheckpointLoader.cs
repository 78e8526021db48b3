using TorchSharp;
using VideoMae.Config;
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
/// Stored float16, bfloat16 and float64 tensors are converted to the model's dtype on copy; NaN or infinite weights
/// are refused.
/// </summary>
public static class CheckpointLoader
{
    /// <summary>
    /// Copies <paramref name="mapped"/> into <paramref name="model"/>. A checkpoint key goes to the model key of the
    /// same name, or to <c>encoder.</c> + name (pre-training models keep the backbone under <c>encoder.</c>).
    /// A tensor whose shape differs, or that is not floating point where the model's is, is never copied, and a
    /// floating-point tensor with a NaN or infinite value is refused (issue 24: such weights classify every video as NaN).
    /// </summary>
    /// <param name="model">Any module whose state-dict keys are official names (<see cref="VideoClassifier"/>, <see cref="PretrainModel"/>, <see cref="VitEncoder"/>).</param>
    /// <param name="mapped">The checkpoint under official names.</param>
    /// <param name="strict">Refuse (copying nothing) unless every model key is loaded and every checkpoint key used.
    /// A non-strict load copies what fits (the reference's fine-tuning start from a pre-trained encoder).</param>
    /// <param name="source">Names the checkpoint in the report and errors.</param>
    /// <exception cref="InvalidDataException">
    /// A strict load found missing, unexpected or mismatched keys (the message lists them), or a tensor to copy is not
    /// finite (the message names it); nothing is copied.
    /// </exception>
    public static LoadReport Load(nn.Module model, MappedStateDict mapped, bool strict = true, string source = "checkpoint")
    {
        var (report, copies) = Match(model, mapped, strict, source);
        foreach (var (key, _, value) in copies)
            RequireFinite(value, key, source);
        using (no_grad())
            foreach (var (_, target, value) in copies)
                target.copy_(value);
        return report;
    }

    /// <summary>
    /// Pairs <paramref name="mapped"/>'s tensors with <paramref name="model"/>'s by name, shape and dtype, reading no
    /// tensor data, so it works on shape-only (meta) tensors; throws the strict load's error when it applies.
    /// </summary>
    private static (LoadReport Report, List<(string Key, Tensor Target, Tensor Value)> Copies) Match(nn.Module model, MappedStateDict mapped, bool strict, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(mapped);
        var expected = model.state_dict();
        var copies = new List<(string Key, Tensor Target, Tensor Value)>();
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
                copies.Add((key, target, value));
                loaded.Add(key);
            }
        }
        var missing = expected.Keys.Where(k => !seen.Contains(k)).ToList();
        var report = new LoadReport(source, mapped.Naming, loaded, missing, unexpected, mismatched, mapped.Notes);
        if (strict && !report.IsComplete)
            throw new InvalidDataException($"{report.Describe()}. A strict load copies nothing unless every key fits.");
        return (report, copies);
    }

    private static void RequireFinite(Tensor value, string key, string source)
    {
        if (!is_floating_point(value))
            return;
        using var scope = NewDisposeScope();
        var finite = isfinite(value);
        if (finite.all().item<bool>())
            return;
        var bad = value.numel() - finite.count_nonzero().item<long>();
        throw new InvalidDataException(
            $"{source}: {key} holds {bad} of its {value.numel()} values NaN or infinite; expected finite weights (the file is damaged, or was saved after the training diverged).");
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
        using var index = CheckpointIndex.Open(path);
        var rows = Once(headRows);
        // Names and shapes first, on tensors without data (the meta device): the file's tensors are read only once they
        // fit the model, and then no more than they take (issue 24: a small file must not make a load allocate gigabytes).
        InferredArchitecture architecture;
        using (NewDisposeScope())
            architecture = Prepare(index.Shapes(), index.Metadata, path, hints, rows).Architecture;
        // Built outside any dispose scope of ours: a scope would dispose the parameters with the checkpoint's tensors.
        var model = new VideoClassifier(architecture.Encoder, architecture.Classes!.Value);
        try
        {
            using (NewDisposeScope())
                Match(model, Prepare(index.Shapes(), index.Metadata, path, hints, rows).Mapped, strict: true, source: path);
            LoadReport report;
            using (NewDisposeScope())
            {
                var prepared = Prepare(index.Load(), index.Metadata, path, hints, rows);
                report = Load(model, prepared.Mapped, strict: true, source: path);
                if (PositionTable(prepared, path) is { } table)
                {
                    using (no_grad())
                        model.get_buffer("pos_embed")!.copy_(table);
                    report = report with { Notes = [.. report.Notes, prepared.TableNote!] };
                }
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

    // The checkpoint renamed and checked, with where the position table comes from; the tensors are the caller's scope's.
    // TableSource is the grid of the stored pos_embed to resize, or of the sin-cos table to interpolate (Stored null);
    // null when the model's own table is right.
    private sealed record Prepared(InferredArchitecture Architecture, MappedStateDict Mapped, Tensor? Stored, TokenGrid? TableSource, string? TableNote);

    // Works alike on meta tensors (shapes only) and on the loaded ones, so every check runs before anything is read.
    private static Prepared Prepare(IReadOnlyDictionary<string, Tensor> file, IReadOnlyDictionary<string, string> metadata, string path,
        ArchitectureHints? hints, Func<int, IReadOnlyList<int>?>? headRows)
    {
        var mapped = KeyMapping.ToOfficial(file, path);
        var architecture = ArchitectureInference.Infer(mapped.Tensors, hints, metadata, path);
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
        var (source, note) = TableSource(stored, architecture, path);
        return new Prepared(architecture, mapped with { Tensors = tensors }, stored, source, note);
    }

    // The callback's answer for each class count, asked once although the checkpoint is prepared more than once.
    private static Func<int, IReadOnlyList<int>?>? Once(Func<int, IReadOnlyList<int>?>? headRows)
    {
        if (headRows is null)
            return null;
        var answers = new Dictionary<int, IReadOnlyList<int>?>();
        return classes => answers.TryGetValue(classes, out var rows) ? rows : answers[classes] = headRows(classes);
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
                // A meta tensor has no rows to select, only the shape the selection will have.
                tensors[key] = t.device_type == DeviceType.META ? empty([rows.Count, .. t.shape[1..]], t.dtype, device: META) : t.index_select(0, index);
    }

    // Where the table to install comes from and a note saying so, or nulls when the model's own sin-cos table is right;
    // checks the stored table's shape and dtype without reading it.
    private static (TokenGrid? Source, string? Note) TableSource(Tensor? stored, InferredArchitecture architecture, string path)
    {
        var (trained, wanted, dim) = (architecture.TrainedGrid, architecture.Encoder.Grid, architecture.Encoder.EmbedDim);
        if (stored is null)
            return trained == wanted
                ? (null, null)
                : (trained, $"sin-cos position table interpolated from the {trained} token grid the checkpoint was trained at to {wanted}.");
        var source = stored.shape.SequenceEqual(new long[] { 1, wanted.Count, dim }) ? wanted
            : stored.shape.SequenceEqual(new long[] { 1, trained.Count, dim }) ? trained
            : throw new InvalidDataException($"{path}: pos_embed has shape [{string.Join(", ", stored.shape)}]; expected [1, {trained.Count}, {dim}] (the {trained} grid) or [1, {wanted.Count}, {dim}] (the {wanted} grid).");
        if (!is_floating_point(stored))
            throw new InvalidDataException($"{path}: pos_embed has dtype {stored.dtype}; expected floating point.");
        var note = source == wanted ? "position table taken from the checkpoint's pos_embed." : $"position table (the checkpoint's pos_embed) interpolated from the {source} token grid to {wanted}.";
        return (source, note);
    }

    // The table TableSource chose, computed from the loaded tensors (in the current dispose scope), or null.
    private static Tensor? PositionTable(Prepared prepared, string path)
    {
        if (prepared.TableSource is not { } source)
            return null;
        var (wanted, dim) = (prepared.Architecture.Encoder.Grid, prepared.Architecture.Encoder.EmbedDim);
        if (prepared.Stored is not { } stored)
            return PositionTableInterpolation.SinCos(source, wanted, dim);
        RequireFinite(stored, "pos_embed", path);
        return PositionTableInterpolation.Resize(stored.to(ScalarType.Float32), source, wanted);
    }
}
