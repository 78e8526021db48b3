using TorchSharp;
using VideoMae.Data.Loading;
using VideoMae.Masking;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Targets;
using VideoMae.Training;
using VideoMae.Training.Settings;
using VideoMae.Training.Tasks;
using static TorchSharp.torch;

namespace VideoMae.Tests.Models;

public class MemoryTests
{
    [Fact]
    public void Fifty_steps_of_the_training_engine_leave_no_live_tensors_behind()
    {
        TorchRuntime.EnsureLoaded();
        // The trainer's own path: the task's forward, our AdamW, the bfloat16 working copy, accumulation over loader-shaped batches.
        var settings = new PretrainSettings { Model = "research-xs", Run = new RunSettings { Accumulation = 2 } };
        var config = settings.ModelConfig;
        using var task = PretrainTask.OnGivenBatches(settings);
        using var engine = new TrainingEngine<PretrainModel>(task, settings.Optimizer, CPU, ScalarType.BFloat16, seed: 0, accumulation: 2);
        var rng = new Random(0);

        IEnumerator<ClipBatch> Batches()
        {
            for (var i = 0; i < 2; i++)
            {
                var masks = new[] { DualMasking.V2.Sample(config.Encoder.Grid, rng), DualMasking.V2.Sample(config.Encoder.Grid, rng) };
                yield return new ClipBatch(randn([2, 3, config.Encoder.Frames, config.Encoder.ImageSize, config.Encoder.ImageSize]),
                    TokenSplit.FromMasks(masks, LossTokens.EncoderHiddenOnly), zeros(2, ScalarType.Int64), [0, 1]);
            }
        }
        void Step(int step)
        {
            using var batches = Batches();
            Assert.NotNull(engine.Step(batches, step, 1e-4));
        }

        // The first steps allocate gradients and the optimizer's moment buffers; after that nothing may accumulate.
        Step(0);
        Step(1);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 2; i < 52; i++)
            Step(i);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
