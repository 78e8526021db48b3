using TorchSharp;
using VideoMae.Checkpoints;
using VideoMae.Config;
using VideoMae.Masking;
using VideoMae.Models;
using VideoMae.Targets;
using VideoMae.Tests.Fixtures;
using static TorchSharp.torch;

namespace VideoMae.Tests.Models;

/// <summary>
/// Parity with the official implementation: weights, inputs and outputs produced by OpenGVLab/VideoMAEv2's own model
/// code (shared/fixtures/reference, config "tiny_p8" = <see cref="Presets.Tiny"/>), compared in float32 on CPU.
/// </summary>
public sealed class ReferenceParityTests : IDisposable
{
    private const double Tolerance = 1e-5;
    private readonly DisposeScope _scope = NewDisposeScope();
    private readonly IReadOnlyDictionary<string, Tensor> _io = Safetensors.Load(ReferenceFixtures.PathOf("tiny_p8.io.safetensors"));

    public void Dispose() => _scope.Dispose();

    private Tensor Io(string name) => _io.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"{name} is not in tiny_p8.io.safetensors");

    private Tensor Mask(string name) => Io(name).to(ScalarType.Bool);

    private static PretrainModel LoadPretrain()
    {
        var model = new PretrainModel(Presets.Tiny);
        model.load_state_dict(new Dictionary<string, Tensor>(Safetensors.Load(ReferenceFixtures.PathOf("tiny_p8.pretrain.safetensors"))), strict: true);
        model.eval();
        return model;
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what) => TensorAssert.Close(expected, actual, what, Tolerance);

    [Fact]
    public void State_dict_keys_and_shapes_equal_the_official_checkpoint()
    {
        using var model = new PretrainModel(Presets.Tiny);
        var ours = model.state_dict().ToDictionary(p => p.Key, p => string.Join(",", p.Value.shape));
        var official = Safetensors.Load(ReferenceFixtures.PathOf("tiny_p8.pretrain.safetensors")).ToDictionary(p => p.Key, p => string.Join(",", p.Value.shape));
        Assert.Equal(official.OrderBy(p => p.Key), ours.OrderBy(p => p.Key));
    }

    [Fact]
    public void Encoder_output_matches()
    {
        using var model = LoadPretrain();
        using var noGrad = no_grad();
        var encoderHidden = Mask("input.encoder_mask");
        using var split = TokenSplit.FromMasks(encoderHidden, encoderHidden.logical_not());
        AssertClose(Io("expected.encoder_output"), model.Encoder.call(Io("input.video"), split.Visible), "encoder output");
    }

    [Theory]
    [InlineData("none")]
    [InlineData("running_cell_50")]
    public void Decoder_output_matches(string tag)
    {
        using var model = LoadPretrain();
        using var noGrad = no_grad();
        var prediction = model.call(Io("input.video"), Mask("input.encoder_mask"), Mask($"input.decoder_mask.{tag}"));
        AssertClose(Io($"expected.decoder_output.{tag}"), prediction, $"decoder output ({tag})");
    }

    [Fact]
    public void Target_matches()
    {
        AssertClose(Io("expected.target"), ReconstructionTarget.Build(Io("input.video"), Presets.Tiny.Encoder), "target");
    }

    [Theory]
    [InlineData("none", LossTokens.EncoderHiddenOnly, "loss_encoder_masked_only")]
    [InlineData("none", LossTokens.AllReconstructed, "loss_all_reconstructed")]
    [InlineData("running_cell_50", LossTokens.EncoderHiddenOnly, "loss_encoder_masked_only")]
    [InlineData("running_cell_50", LossTokens.AllReconstructed, "loss_all_reconstructed")]
    public void Loss_matches(string tag, LossTokens variant, string expectedName)
    {
        using var model = LoadPretrain();
        using var noGrad = no_grad();
        var video = Io("input.video");
        var (encoderHidden, decoderHidden) = (Mask("input.encoder_mask"), Mask($"input.decoder_mask.{tag}"));
        var loss = ReconstructionLoss.Compute(model.call(video, encoderHidden, decoderHidden),
            ReconstructionTarget.Build(video, Presets.Tiny.Encoder), encoderHidden, decoderHidden, variant);
        AssertClose(Io($"expected.{expectedName}.{tag}").reshape(), loss, $"{expectedName} ({tag})");
    }

    [Fact]
    public void Classifier_logits_match()
    {
        using var model = new VideoClassifier(Presets.Tiny.Encoder, classes: 7);
        model.load_state_dict(new Dictionary<string, Tensor>(Safetensors.Load(ReferenceFixtures.PathOf("tiny_p8.classifier.safetensors"))), strict: true);
        model.eval();
        using var noGrad = no_grad();
        AssertClose(Io("expected.classifier_logits"), model.call(Io("input.video")), "classifier logits");
    }

    [Fact]
    public void Running_cell_volumes_match()
    {
        var expected = Io("masks.running_cell_50.all_offsets");   // [offset, t, h·w]
        var grid = Presets.Tiny.Encoder.Grid;
        var ours = RunningCellMasking.AllVolumes(grid, 0.5).SelectMany(v => v).Select(h => h ? (byte)1 : (byte)0).ToArray();
        Assert.Equal(expected.flatten().data<byte>().ToArray(), ours);
    }
}
