using TorchSharp;
using VideoMae.Config;
using VideoMae.Masking;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Targets;
using static TorchSharp.torch;

namespace VideoMae.Tests.Models;

public class MemoryTests
{
    [Fact]
    public void Fifty_training_steps_of_a_research_preset_leave_no_live_tensors_behind()
    {
        TorchRuntime.EnsureLoaded();
        var config = Presets.ResearchS with { Encoder = Presets.ResearchS.Encoder with { Frames = 4 } };
        manual_seed(0);
        using var model = new PretrainModel(config);
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-4);
        var rng = new Random(0);

        void Step()
        {
            using var scope = NewDisposeScope();
            var masks = MaskBatch.ToTensors([DualMasking.V2.Sample(config.Encoder.Grid, rng), DualMasking.V2.Sample(config.Encoder.Grid, rng)]);
            var video = randn([2, 3, config.Encoder.Frames, config.Encoder.ImageSize, config.Encoder.ImageSize]);
            var loss = ReconstructionLoss.Compute(model.call(video, masks.EncoderHidden, masks.DecoderHidden),
                ReconstructionTarget.Build(video, config.Encoder), masks.EncoderHidden, masks.DecoderHidden);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }

        // The first steps allocate gradients and the optimizer's moment buffers; after that nothing may accumulate.
        Step();
        Step();
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 50; i++)
            Step();
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
