using TorchSharp;
using VideoMae.Config;
using VideoMae.Masking;
using VideoMae.Models;
using VideoMae.Runtime;
using VideoMae.Targets;
using VideoMae.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VideoMae.Tests.Training;

/// <summary>
/// Gradient accumulation under bfloat16: the working copy's gradients must be added to the float32 master after every
/// micro-batch. Letting autograd sum them on the bfloat16 copy rounds every partial sum to 8 bits of mantissa.
/// </summary>
public sealed class MixedPrecisionAccumulationTests(ITestOutputHelper output)
{
    private const int MicroBatches = 4;

    [Fact]
    public void Bfloat16_with_accumulation_tracks_float32_far_more_closely_when_it_sums_in_float32()
    {
        TorchRuntime.EnsureLoaded();
        var config = Presets.ResearchXS;
        manual_seed(11);
        using var master = new PretrainModel(config);
        var rng = new Random(5);
        var batches = Enumerable.Range(0, MicroBatches).Select(_ =>
            (Video: randn([2, 3, config.Encoder.Frames, config.Encoder.ImageSize, config.Encoder.ImageSize]),
             Split: TokenSplit.FromMasks([DualMasking.V2.Sample(config.Encoder.Grid, rng), DualMasking.V2.Sample(config.Encoder.Grid, rng)]))).ToArray();

        var reference = Gradients(master, batches, mixed: null, everyMicroBatch: true);
        Dictionary<string, Tensor> Bfloat16(bool everyMicroBatch)
        {
            using var copy = new MixedPrecisionCopy<PretrainModel>(master, new PretrainModel(config), ScalarType.BFloat16);
            return Gradients(master, batches, copy, everyMicroBatch);
        }
        var inFloat32 = Bfloat16(everyMicroBatch: true);
        var inBfloat16 = Bfloat16(everyMicroBatch: false);

        var errorFloat32Sum = RelativeError(inFloat32, reference);
        var errorBfloat16Sum = RelativeError(inBfloat16, reference);
        output.WriteLine($"relative gradient error against float32: summed in float32 {errorFloat32Sum:E3}, summed in bfloat16 {errorBfloat16Sum:E3}");
        Assert.True(errorFloat32Sum < 0.5 * errorBfloat16Sum,
            $"summing in float32 gives a relative gradient error of {errorFloat32Sum:E3}, summing in bfloat16 {errorBfloat16Sum:E3}; expected under half of it.");
    }

    /// <summary>The master's gradients after <see cref="MicroBatches"/> micro-batches, each loss divided by their count as the engine does.</summary>
    private static Dictionary<string, Tensor> Gradients(PretrainModel master, (Tensor Video, TokenSplit Split)[] batches, MixedPrecisionCopy<PretrainModel>? mixed, bool everyMicroBatch)
    {
        foreach (var p in master.parameters())
            p.grad = null;
        mixed?.PullWeights();
        var model = mixed?.Working ?? master;
        foreach (var (video, split) in batches)
        {
            using var scope = NewDisposeScope();
            var target = ReconstructionTarget.Build(video, master.Config.Encoder);
            var prediction = model.call(video.to(mixed is null ? ScalarType.Float32 : ScalarType.BFloat16), split);
            ReconstructionLoss.Compute(prediction, target, split).Div(MicroBatches).backward();
            if (everyMicroBatch)
                mixed?.AccumulateGradients();
        }
        mixed?.AccumulateGradients();
        return master.named_parameters().Where(p => p.parameter.grad is not null)
            .ToDictionary(p => p.name, p => p.parameter.grad!.detach().clone().DetachFromDisposeScope());
    }

    private static double RelativeError(Dictionary<string, Tensor> actual, Dictionary<string, Tensor> expected)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        double difference = 0, norm = 0;
        foreach (var (name, e) in expected)
        {
            difference += (actual[name] - e).square().sum().item<float>();
            norm += e.square().sum().item<float>();
        }
        return Math.Sqrt(difference / norm);
    }
}
