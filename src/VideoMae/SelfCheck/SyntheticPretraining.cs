using VideoMae.Data.Augmentation;
using VideoMae.Data.Loading;
using VideoMae.Data.Synthetic;
using VideoMae.Data.Video;
using VideoMae.Masking;
using VideoMae.Models;
using VideoMae.Targets;
using VideoMae.Training;
using VideoMae.Training.Optimization;
using VideoMae.Training.Settings;
using VideoMae.Training.Tasks;
using static TorchSharp.torch;

namespace VideoMae.SelfCheck;

/// <summary>
/// The pre-training the training, checkpoint and memory checks share: the tiny preset (the fixtures' 8×32×32 clips,
/// 64 tokens) with V2's dual masking (tube 90 % for the encoder, running cell 50 % for the decoder), trained by the
/// real <see cref="TrainingEngine{TModel}"/> and <see cref="PretrainTask"/> on a few synthetic clips rendered in
/// memory (no ffmpeg, no files). Step <c>s</c>'s batch and masks depend only on (seed, s), and the engine reseeds
/// libtorch from (seed, s), so a run, and a run resumed at any step, repeat each other on the CPU.
/// </summary>
internal sealed class SyntheticPretraining : IDisposable
{
    /// <summary>Clips rendered: the batches cycle through them, each step with fresh masks.</summary>
    public const int Clips = 8;

    /// <summary>Clips per step.</summary>
    public const int Batch = 4;

    /// <summary>
    /// The learning rate after warm-up: large for AdamW on a real run, chosen so the tiny model learns the plain
    /// synthetic clips within tens of steps (the measured curves are in <see cref="TrainingCheck"/>).
    /// </summary>
    public const double PeakLearningRate = 2e-3;

    /// <summary>Steps of linear warm-up from 0 at the start of every run.</summary>
    public const int WarmupSteps = 3;

    private readonly CheckContext _context;
    private readonly Tensor _clips;   // float32 [Clips, 3, 8, 32, 32] in [0, 1], on the CPU

    public SyntheticPretraining(CheckContext context)
    {
        _context = context;
        Settings = new PretrainSettings
        {
            Model = "tiny",
            EncoderMask = DualMasking.V2.Encoder, EncoderRatio = DualMasking.V2.EncoderRatio,
            DecoderMask = DualMasking.V2.Decoder, DecoderRatio = DualMasking.V2.DecoderRatio,
            Run = new RunSettings { Device = context.Device.ToString(), Precision = context.BFloat16 ? Precision.BFloat16 : Precision.Float32, Seed = context.Seed },
        };
        var encoder = Settings.ModelConfig.Encoder;
        // Plain backgrounds: only the objects change, which a tiny model learns in a short run (SynthSettings).
        var synth = new SynthSettings(Frames: encoder.Frames, Size: encoder.ImageSize, Seed: context.Seed, Background: SyntheticBackground.Plain);
        using var scope = NewDisposeScope();
        var box = new CropBox(0, 0, encoder.ImageSize, encoder.ImageSize);
        _clips = stack(Enumerable.Range(0, Clips).Select(i =>
            ClipTensor.Make(new DecodedClip(SyntheticVideos.Render(SyntheticKind.Hybrid, i, synth).Frames, encoder.ImageSize, encoder.ImageSize), box, encoder.ImageSize)))
            .DetachFromDisposeScope();
    }

    /// <summary>The run's settings (validated by the task).</summary>
    public PretrainSettings Settings { get; }

    /// <summary>A fresh engine: the model initialised from the seed, on the device, with its optimizer.</summary>
    public (PretrainTask Task, TrainingEngine<PretrainModel> Engine) NewEngine()
    {
        var task = PretrainTask.OnGivenBatches(Settings);
        return (task, new TrainingEngine<PretrainModel>(task, Settings.Optimizer, _context.Device, _context.Compute, _context.Seed));
    }

    /// <summary>The learning rate of <paramref name="step"/> in a run of <paramref name="totalSteps"/>: warm-up, then a cosine to a tenth of the peak.</summary>
    public static double LearningRate(int step, int totalSteps) =>
        new LearningRateSchedule(PeakLearningRate, PeakLearningRate / 10, WarmupSteps, totalSteps).At(step);

    /// <summary>Optimizer step <paramref name="step"/> of <paramref name="engine"/> on this set-up's batch for that step.</summary>
    public StepOutcome Step(TrainingEngine<PretrainModel> engine, int step, int totalSteps)
    {
        using var batches = Batches(step);
        return engine.Step(batches, step, LearningRate(step, totalSteps))
            ?? throw new InvalidOperationException($"step {step + 1} was cancelled; the self-check does not cancel.");
    }

    /// <summary>The one batch of <paramref name="step"/>: the next clips in turn, with masks drawn from (seed, step).</summary>
    private IEnumerator<ClipBatch> Batches(int step)
    {
        var grid = Settings.ModelConfig.Encoder.Grid;
        var rng = new Random(Seeds.Mix(_context.Seed, step));
        var positions = Enumerable.Range(0, Batch).Select(i => (step * Batch + i) % Clips).ToArray();
        var masks = positions.Select(_ => Settings.Masking.Sample(grid, rng)).ToArray();
        using var index = tensor(positions.Select(p => (long)p).ToArray());
        yield return new ClipBatch(_clips.index_select(0, index).to(_context.Device), TokenSplit.FromMasks(masks, LossTokens.EncoderHiddenOnly, _context.Device),
            zeros(Batch, ScalarType.Int64, _context.Device), positions);
    }

    public void Dispose() => _clips.Dispose();
}
