using TorchSharp;
using VideoMae.Checkpoints;
using VideoMae.Config;
using VideoMae.Masking;
using VideoMae.Models;
using VideoMae.Targets;
using static TorchSharp.torch;

namespace VideoMae.SelfCheck;

/// <summary>
/// Parity with the official implementation: the tiny_p8 weights and inputs of <see cref="ReferenceFixtures"/> run on
/// the chosen device and precision, and every output the fixtures hold — encoder output, decoder output for V1 and
/// running-cell decoder masks, normalised target, both loss variants, classifier logits — is compared with the
/// official code's (PyTorch 1.13, CPU, float32) as <see cref="Deviation.Scaled"/>. The value is the worst output's.
/// </summary>
public static class ParityCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "parity";

    /// <summary>
    /// float32 on the CPU: 1e-5, the parity tests' tolerance and the fixtures' README's. Measured here: 5.2e-7 (on the
    /// decoder output; the official code ran on another CPU and PyTorch, so the last bits differ).
    /// </summary>
    public const double CpuFloat32 = 1e-5;

    /// <summary>
    /// float32 on CUDA with TF32 off: 1e-4. cuBLAS, cuDNN and the fused attention kernels sum in other orders than the
    /// CPU (blocked and split-K reductions over up to 384 terms, float32 unit roundoff 2^-24 ≈ 6e-8), so errors of a
    /// few 1e-6 are expected where the CPU meets 5e-7; 10× the CPU tolerance leaves room for that and still fails a
    /// wrong kernel, whose errors are of the outputs' own scale (about 1).
    /// </summary>
    public const double CudaFloat32 = 1e-4;

    /// <summary>
    /// bfloat16 (weights and inputs cast, outputs compared in float32): 0.03 of the output's scale (<see cref="Deviation.Scaled"/>:
    /// the largest expected magnitude here is 1.1–4). bfloat16 keeps an 8-bit significand (unit roundoff 2^-9 ≈ 2e-3)
    /// and rounds every activation through the 2 + 2 blocks; measured on the CPU here: 0.0096 (decoder output; encoder
    /// output 0.0093, logits 0.0037), so 0.03 is a margin of 3× for other kernels' rounding on CUDA. A wrong computation
    /// is off by the output's scale.
    /// </summary>
    public const double BFloat16 = 0.03;

    /// <summary>The tolerance of <paramref name="context"/>'s device and precision.</summary>
    public static double Tolerance(CheckContext context) =>
        context.BFloat16 ? BFloat16 : context.OnCuda ? CudaFloat32 : CpuFloat32;

    /// <summary>Runs the check: skip when no fixtures were found, fail when the folder given by --fixtures lacks them.</summary>
    public static CheckResult Run(CheckContext context)
    {
        var fixtures = context.Fixtures;
        if (fixtures.Folder is null)
        {
            var where = string.Join("; ", fixtures.Searched);
            return fixtures.Explicit
                ? CheckResult.Failed(Name, $"--fixtures {where} does not hold the reference fixtures ({string.Join(", ", ReferenceFixtures.Files)}).")
                : CheckResult.Skipped(Name, $"reference fixtures not found (looked in {where}); pass --fixtures DIR to run it.");
        }
        using var scope = NewDisposeScope();
        using var model = new PretrainModel(Presets.Tiny);
        model.load_state_dict(new Dictionary<string, Tensor>(Safetensors.Load(fixtures.PathOf(ReferenceFixtures.Pretrain))), strict: true);
        using var classifier = new VideoClassifier(Presets.Tiny.Encoder, classes: 7);
        classifier.load_state_dict(new Dictionary<string, Tensor>(Safetensors.Load(fixtures.PathOf(ReferenceFixtures.Classifier))), strict: true);
        return Compare(model, classifier, Safetensors.Load(fixtures.PathOf(ReferenceFixtures.InputsAndOutputs)), context);
    }

    /// <summary>
    /// Compares the outputs of <paramref name="model"/> and <paramref name="classifier"/> (float32 on the CPU; moved
    /// and cast here) on the fixture inputs of <paramref name="io"/> with its expected outputs.
    /// </summary>
    internal static CheckResult Compare(PretrainModel model, VideoClassifier classifier, IReadOnlyDictionary<string, Tensor> io, CheckContext context)
    {
        using var scope = NewDisposeScope();
        using var tf32 = new Tf32Off(context.Device);
        using var noGrad = no_grad();
        Tensor Io(string name) => io.TryGetValue(name, out var t)
            ? t.to(context.Device)
            : throw new InvalidDataException($"{ReferenceFixtures.InputsAndOutputs} lacks {name}; expected the tiny_p8 fixtures of the README.");
        model.to(context.Device).to(context.Compute).eval();
        classifier.to(context.Device).to(context.Compute).eval();

        var video = Io("input.video");                                   // [2, 3, 8, 32, 32], already normalised
        var input = video.to(context.Compute);
        var encoderHidden = Io("input.encoder_mask").to(ScalarType.Bool);
        var target = ReconstructionTarget.Build(video, Presets.Tiny.Encoder);   // float32, as in training
        var deviations = new List<(string What, double Value)>();
        void Add(string what, Tensor expected, Tensor actual) => deviations.Add((what, Deviation.Scaled(expected, actual.to(ScalarType.Float32), what)));

        using (var split = TokenSplit.FromMasks(encoderHidden, encoderHidden.logical_not()))
            Add("encoder output", Io("expected.encoder_output"), model.Encoder.call(input, split.Visible));
        Add("target", Io("expected.target"), target);
        foreach (var tag in new[] { "none", "running_cell_50" })
        {
            var decoderHidden = Io($"input.decoder_mask.{tag}").to(ScalarType.Bool);
            var prediction = model.call(input, encoderHidden, decoderHidden).to(ScalarType.Float32);
            Add($"decoder output ({tag})", Io($"expected.decoder_output.{tag}"), prediction);
            Add($"loss encoder-hidden ({tag})", Io($"expected.loss_encoder_masked_only.{tag}").reshape(),
                ReconstructionLoss.Compute(prediction, target, encoderHidden, decoderHidden, LossTokens.EncoderHiddenOnly));
            Add($"loss all-reconstructed ({tag})", Io($"expected.loss_all_reconstructed.{tag}").reshape(),
                ReconstructionLoss.Compute(prediction, target, encoderHidden, decoderHidden, LossTokens.AllReconstructed));
        }
        Add("classifier logits", Io("expected.classifier_logits"), classifier.call(input));

        var worst = deviations.MaxBy(d => double.IsNaN(d.Value) ? double.PositiveInfinity : d.Value);
        return CheckResult.Within(Name, worst.Value, Tolerance(context),
            $"{deviations.Count} outputs of the official tiny_p8 model; worst: {worst.What}");
    }
}
