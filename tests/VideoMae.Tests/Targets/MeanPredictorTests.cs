using TorchSharp;
using VideoMae.Config;
using VideoMae.Runtime;
using VideoMae.Targets;
using static TorchSharp.torch;

namespace VideoMae.Tests.Targets;

public sealed class MeanPredictorTests : IDisposable
{
    private readonly DisposeScope _scope;

    public MeanPredictorTests()
    {
        TorchRuntime.EnsureLoaded();
        _scope = NewDisposeScope();
    }

    public void Dispose() => _scope.Dispose();

    [Fact]
    public void The_mean_predictor_scores_each_tokens_spread_about_its_channel_means_on_the_scored_tokens()
    {
        // Two tokens of two pixels × two channels, channel fastest: token 0 has channel means 2 and 15, so its squared
        // errors are 1, 25, 1, 25 (mean 13); token 1 is flat (0). Only token 0 is hidden from the encoder.
        var target = tensor(new float[] { 1, 10, 3, 20, 7, 7, 7, 7 }).reshape(1, 2, 4);
        var encoderHidden = tensor(new[] { true, false }).reshape(1, 2);
        var decoderHidden = zeros(1, 2, ScalarType.Bool);
        Assert.Equal(13.0, ReconstructionLoss.MeanPredictor(target, encoderHidden, decoderHidden, 2, LossTokens.EncoderHiddenOnly).item<float>(), 5);
        Assert.Equal(6.5, ReconstructionLoss.MeanPredictor(target, encoderHidden, decoderHidden, 2, LossTokens.AllReconstructed).item<float>(), 5);
        // With token 0 not reconstructed, only the flat token is scored.
        Assert.Equal(0.0, ReconstructionLoss.MeanPredictor(target, encoderHidden, tensor(new[] { true, false }).reshape(1, 2), 2, LossTokens.AllReconstructed).item<float>(), 5);
        Assert.Contains("channels = 3", Assert.Throws<ArgumentException>(() => ReconstructionLoss.MeanPredictor(target, encoderHidden, decoderHidden, 3)).Message);
    }

    [Fact]
    public void On_normalised_targets_it_is_the_loss_of_predicting_zero()
    {
        var config = Presets.Tiny.Encoder;
        manual_seed(3);
        var video = randn([2, 3, config.Frames, config.ImageSize, config.ImageSize]);
        var target = ReconstructionTarget.Build(video, config);
        var n = target.shape[1];
        // The same counts per clip, as the batched token split requires.
        var encoderHidden = rand(2, n).argsort(1).lt(n * 7 / 10);
        var decoderHidden = rand(2, n).argsort(1).lt(n / 4);
        var reconstructed = n - n / 4;
        var zero = ReconstructionLoss.Compute(zeros(2L, reconstructed, target.shape[2]), target, encoderHidden, decoderHidden);
        Assert.Equal(zero.item<float>(), ReconstructionLoss.MeanPredictor(target, encoderHidden, decoderHidden, config.InChannels).item<float>(), 4);
    }
}
