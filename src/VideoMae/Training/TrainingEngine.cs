using System.Diagnostics;
using TorchSharp;
using VideoMae.Data.Loading;
using VideoMae.Training.Optimization;
using VideoMae.Training.Settings;
using VideoMae.Training.Tasks;
using static TorchSharp.torch;

namespace VideoMae.Training;

/// <summary>What one optimizer step measured.</summary>
/// <param name="Loss">Mean loss over the step's micro-batches.</param>
/// <param name="Baseline">Mean of the task's trivial-predictor loss (NaN when the task has none).</param>
/// <param name="GradNorm">Global gradient norm before clipping.</param>
/// <param name="Clips">Clips the step trained on.</param>
/// <param name="WaitedSeconds">Time spent waiting for the loader.</param>
public sealed record StepOutcome(double Loss, double Baseline, double GradNorm, int Clips, double WaitedSeconds);

/// <summary>
/// The optimizer step of every run, and of <c>videomae bench step</c>: it holds the task, the float32 master model, the
/// bfloat16 working copy in mixed precision, and AdamW. A step pulls the master weights into the working copy, runs the
/// task's forward and backward pass on each micro-batch (adding the gradients to the float32 master after each),
/// clips, refuses a non-finite loss or gradient before the update, and applies AdamW. It reads the device once per
/// step (loss, floor and gradient norm together), so a GPU is not stalled between micro-batches.
/// </summary>
/// <typeparam name="TModel">The task's model.</typeparam>
public sealed class TrainingEngine<TModel> : IDisposable where TModel : nn.Module
{
    private readonly ITrainingTask<TModel> _task;
    private readonly MixedPrecisionCopy<TModel>? _mixed;
    private readonly int _seed;
    private readonly int _accumulation;
    private readonly double? _clipGrad;

    /// <summary>Builds the task's model on <paramref name="device"/> (seeded by <paramref name="seed"/>) and its optimizer.</summary>
    /// <param name="task">What is trained.</param>
    /// <param name="optimizer">AdamW's settings and the gradient clip.</param>
    /// <param name="device">Where the model runs.</param>
    /// <param name="compute">float32, or bfloat16 for a mixed-precision working copy.</param>
    /// <param name="seed">Seed of initialisation and of each step's stochastic layers.</param>
    /// <param name="accumulation">Micro-batches per optimizer step.</param>
    public TrainingEngine(ITrainingTask<TModel> task, OptimizerSettings optimizer, Device device, ScalarType compute, int seed, int accumulation = 1)
    {
        Require.Positive(accumulation, nameof(accumulation));
        (_task, _seed, _accumulation, _clipGrad, Device, Compute) = (task, seed, accumulation, optimizer.ClipGrad, device, compute);
        manual_seed(seed);
        Master = task.BuildModel();
        Master.to(device);
        Optimizer = new AdamW(task.ParameterGroups(Master), optimizer.Beta1, optimizer.Beta2, optimizer.Epsilon);
        _mixed = compute == ScalarType.Float32 ? null : new MixedPrecisionCopy<TModel>(Master, task.BuildModel(), compute);
        Working = _mixed?.Working ?? Master;
        task.Prepare(device, compute);
    }

    /// <summary>The float32 model the optimizer updates and checkpoints hold.</summary>
    public TModel Master { get; }

    /// <summary>The model the forward pass runs: the master in float32, else its working copy.</summary>
    public TModel Working { get; }

    /// <summary>AdamW over the master's parameter groups.</summary>
    public AdamW Optimizer { get; }

    /// <summary>The model's device.</summary>
    public Device Device { get; }

    /// <summary>The forward pass's type.</summary>
    public ScalarType Compute { get; }

    /// <summary>
    /// One optimizer step of index <paramref name="step"/> (0-based) at learning rate <paramref name="learningRate"/>,
    /// over the next micro-batches of <paramref name="batches"/> (each disposed here). Returns null when cancellation
    /// interrupted the wait for data (nothing is updated then); throws <see cref="NonFiniteLossException"/> without
    /// updating when the loss or the gradient is not finite.
    /// </summary>
    public StepOutcome? Step(IEnumerator<ClipBatch> batches, int step, double learningRate)
    {
        using var scope = NewDisposeScope();
        manual_seed(Seeds.Mix(_seed, step));
        _mixed?.PullWeights();
        Working.train();
        Tensor? lossSum = null, baselineSum = null;
        var (clips, waited) = (0, 0.0);
        for (var micro = 0; micro < _accumulation; micro++)
        {
            var wait = Stopwatch.StartNew();
            try
            {
                if (!batches.MoveNext())
                    throw new InvalidOperationException($"the loader ran out of batches within step {step + 1}; expected {_accumulation} per step.");
            }
            catch (OperationCanceledException)
            {
                Optimizer.ZeroGrad();
                return null;
            }
            waited += wait.Elapsed.TotalSeconds;
            using var batch = batches.Current;
            var output = _task.Forward(Working, batch, Compute, step);
            output.Loss.Div(_accumulation).backward();
            _mixed?.AccumulateGradients();
            lossSum = lossSum is null ? output.Loss.detach() : lossSum + output.Loss.detach();
            if (output.Baseline is { } baseline)
                baselineSum = baselineSum is null ? baseline : baselineSum + baseline;
            clips += batch.Count;
        }
        var gradNorm = GradientNorm.Clip(Optimizer.Parameters.Select(p => p.Parameter), _clipGrad);
        // The step's one read from the device: loss, floor and gradient norm together.
        var measured = stack([lossSum!, baselineSum ?? ScalarArithmetic.Full([], double.NaN, lossSum!.device), gradNorm]).cpu().data<float>().ToArray();
        var (loss, floor, norm) = (measured[0] / _accumulation, measured[1] / _accumulation, (double)measured[2]);
        if (!double.IsFinite(loss) || !double.IsFinite(norm))
        {
            Optimizer.ZeroGrad();
            throw new NonFiniteLossException(step + 1, loss, norm, learningRate, lastCheckpoint: null);
        }
        Optimizer.Step(learningRate);
        Optimizer.ZeroGrad();
        return new StepOutcome(loss, floor, norm, clips, waited);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _mixed?.Dispose();
        Optimizer.Dispose();
        Master.Dispose();
    }
}
