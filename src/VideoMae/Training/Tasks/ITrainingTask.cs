using VideoMae.Data.Datasets;
using VideoMae.Data.Loading;
using VideoMae.Training.Optimization;
using VideoMae.Training.Runs;
using static TorchSharp.torch;

namespace VideoMae.Training.Tasks;

/// <summary>What one forward pass of a training task returns.</summary>
/// <param name="Loss">float32 scalar with gradient.</param>
/// <param name="Baseline">float32 scalar without gradient: the loss a trivial predictor scores on the same batch
/// (pre-training: each tubelet's mean), when the task has one.</param>
public sealed record StepOutput(Tensor Loss, Tensor? Baseline = null);

/// <summary>
/// A training procedure the <see cref="Trainer"/> can drive (STYLE L7): it builds its model, names its parameter
/// groups, says how samples are made, and computes the loss of a batch. Everything else — schedule, accumulation,
/// clipping, precision, checkpoints, metrics — belongs to the trainer and its <see cref="TrainingEngine{TModel}"/>.
/// </summary>
/// <typeparam name="TModel">The model the task trains, so its forward pass needs no downcast.</typeparam>
public interface ITrainingTask<TModel> : IDisposable where TModel : nn.Module
{
    /// <summary>"pretrain", "finetune" or "distill".</summary>
    string Kind { get; }

    /// <summary>The training videos.</summary>
    VideoDataset TrainSet { get; }

    /// <summary>How a training sample is cut from a video.</summary>
    ClipRecipe Recipe { get; }

    /// <summary>Tokens per clip (for the tokens/s throughput).</summary>
    int TokensPerClip { get; }

    /// <summary>
    /// Safetensors metadata of the final model that its shapes cannot tell (heads, frames, input size), so
    /// <see cref="Checkpoints.ArchitectureInference"/> rebuilds it without hints.
    /// </summary>
    IReadOnlyDictionary<string, string> ModelMetadata { get; }

    /// <summary>A freshly built and initialised model in float32 on the CPU (initial weights loaded where the task has them).</summary>
    TModel BuildModel();

    /// <summary>The optimizer groups of <paramref name="model"/>.</summary>
    IReadOnlyList<ParameterGroup> ParameterGroups(TModel model);

    /// <summary>Moves what the task holds besides the model (a teacher) to the device and compute type.</summary>
    void Prepare(Device device, ScalarType compute);

    /// <summary>The loss of one micro-batch. <paramref name="batch"/> is float32 on the device; the model runs in <paramref name="compute"/>.</summary>
    StepOutput Forward(TModel model, ClipBatch batch, ScalarType compute, int step);

    /// <summary>Called after each completed epoch with the float32 model (e.g. to validate it); nothing by default.</summary>
    /// <param name="model">The master model, on the device.</param>
    /// <param name="epochs">Epochs completed so far.</param>
    /// <param name="folder">The run folder (for files the task writes).</param>
    /// <param name="device">The model's device.</param>
    /// <param name="log">The run's log.</param>
    void EpochEnded(TModel model, int epochs, RunFolder folder, Device device, Action<string> log) { }
}
