using System.Globalization;
using VideoMae.Checkpoints;
using VideoMae.Training.Optimization;
using static TorchSharp.torch;

namespace VideoMae.Training.Runs;

/// <summary>
/// A resumable training state in one safetensors file, written atomically: the model's state dict (<c>model.*</c>,
/// official key names, float32 master weights), the optimizer's moments (<c>optimizer.*</c>), the libtorch CPU
/// generator (<c>rng.cpu</c>), and in the metadata the step, epoch, learning rate, task and settings JSON. The
/// trainer also reseeds every step from (seed, step), so a resumed run draws the same random numbers on any device.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>The metadata tag that marks a training checkpoint.</summary>
    public const string Format = "videomae-training-checkpoint-1";

    /// <summary>What a checkpoint says about where the run stood.</summary>
    /// <param name="Step">Optimizer steps completed.</param>
    /// <param name="Task">The task kind.</param>
    /// <param name="Settings">The run's settings JSON.</param>
    public sealed record Position(int Step, string Task, string Settings);

    /// <summary>Writes the state after <paramref name="step"/> completed steps.</summary>
    public static void Save(string path, nn.Module model, AdamW optimizer, int step, double learningRate, string task, string settingsJson)
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, value) in model.state_dict())
            tensors[$"model.{name}"] = value;
        foreach (var (name, value) in optimizer.StateDict())
            tensors[$"optimizer.{name}"] = value;
        tensors["rng.cpu"] = random.get_rng_state();
        Safetensors.Save(path, tensors, new Dictionary<string, string>
        {
            ["format"] = Format,
            ["step"] = step.ToString(CultureInfo.InvariantCulture),
            ["learning_rate"] = learningRate.ToString("R", CultureInfo.InvariantCulture),
            ["task"] = task,
            ["settings"] = settingsJson,
        });
    }

    /// <summary>The settings JSON a checkpoint was written with, read from its header only (no tensor is loaded).</summary>
    public static string ReadSettings(string path)
    {
        var metadata = Safetensors.LoadMetadata(path);
        if (!metadata.TryGetValue("format", out var format) || format != Format || !metadata.TryGetValue("settings", out var settings))
            throw new InvalidDataException($"{path}: not a training checkpoint of this library (format '{format ?? "none"}', expected {Format}).");
        return settings;
    }

    /// <summary>Restores model and optimizer from <paramref name="path"/> and returns where the run stood.</summary>
    public static Position Load(string path, nn.Module model, AdamW optimizer, string expectedTask)
    {
        var metadata = Safetensors.LoadMetadata(path);
        if (!metadata.TryGetValue("format", out var format) || format != Format)
            throw new InvalidDataException($"{path}: not a training checkpoint of this library (format '{format ?? "none"}', expected {Format}).");
        if (metadata["task"] != expectedTask)
            throw new InvalidDataException($"{path}: a {metadata["task"]} checkpoint cannot resume a {expectedTask} run.");
        using var scope = NewDisposeScope();
        var device = model.parameters().First().device;
        var tensors = Safetensors.Load(path, device);
        var modelState = Strip(tensors, "model.");
        var (missing, unexpected) = model.load_state_dict(modelState, strict: false);
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new InvalidDataException(
                $"{path}: its model does not match this run's (missing {string.Join(", ", missing.Take(3))}; unexpected {string.Join(", ", unexpected.Take(3))}); was it written with another --model?");
        optimizer.LoadStateDict(Strip(tensors, "optimizer."));
        if (tensors.TryGetValue("rng.cpu", out var rng))
            random.set_rng_state(rng.cpu());
        return new Position(int.Parse(metadata["step"], CultureInfo.InvariantCulture), metadata["task"], metadata["settings"]);
    }

    private static Dictionary<string, Tensor> Strip(IReadOnlyDictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(p => p.Key[prefix.Length..], p => p.Value);
}
