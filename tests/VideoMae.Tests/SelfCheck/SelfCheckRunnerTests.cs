using VideoMae.Checkpoints;
using VideoMae.Config;
using VideoMae.Models;
using VideoMae.SelfCheck;
using VideoMae.Tests.Fixtures;
using static TorchSharp.torch;
using FixtureFiles = VideoMae.SelfCheck.ReferenceFixtures;
using TestFixtures = VideoMae.Tests.Fixtures.ReferenceFixtures;

namespace VideoMae.Tests.SelfCheck;

/// <summary><c>videomae check</c>'s library side: every check passes on this CPU, and the checks fail on wrong results.</summary>
public sealed class SelfCheckRunnerTests
{
    [Fact]
    public void Every_check_passes_on_the_cpu_in_float32_with_the_reference_fixtures()
    {
        var seen = new List<string>();
        var report = SelfCheckRunner.Run(new SelfCheckOptions(Fixtures: TestFixtures.Folder), r => seen.Add(r.Name));

        Assert.Equal(["parity", "training", "checkpoint", "classification", "memory"], report.Checks.Select(c => c.Name));
        Assert.Equal(seen, report.Checks.Select(c => c.Name));
        Assert.All(report.Checks, c => Assert.True(c.Status == CheckStatus.Pass, $"{c.Name}: {c.Status} {c.Value} > {c.Tolerance}: {c.Detail}"));
        Assert.True(report.Passed);
        Assert.Equal(("cpu", "float32"), (report.Device, report.Precision));
        // The tolerances of float32 on the CPU, as documented.
        Assert.Equal(1e-5, report.Checks[0].Tolerance);
        Assert.Equal(0, report.Checks.Single(c => c.Name == "memory").Value);
    }

    [Fact]
    public void Parity_fails_when_one_weight_is_off_by_a_thousandth()
    {
        using var scope = NewDisposeScope();
        using var model = new PretrainModel(Presets.Tiny);
        model.load_state_dict(new Dictionary<string, Tensor>(Safetensors.Load(TestFixtures.PathOf(FixtureFiles.Pretrain))), strict: true);
        using var classifier = new VideoClassifier(Presets.Tiny.Encoder, classes: 7);
        classifier.load_state_dict(new Dictionary<string, Tensor>(Safetensors.Load(TestFixtures.PathOf(FixtureFiles.Classifier))), strict: true);
        var io = Safetensors.Load(TestFixtures.PathOf(FixtureFiles.InputsAndOutputs));
        var context = new CheckContext(CPU, ScalarType.Float32, FixtureFiles.Find(TestFixtures.Folder));
        Assert.Equal(CheckStatus.Pass, ParityCheck.Compare(model, classifier, io, context).Status);

        using (no_grad())
            model.named_parameters().Single(p => p.name == "encoder.blocks.1.mlp.fc2.bias").parameter[0].add_(1e-3);
        var result = ParityCheck.Compare(model, classifier, io, context);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.True(result.Value > 1e-4, $"{result.Value}: {result.Detail}");
    }

    [Fact]
    public void Fixtures_are_found_above_a_checkout_and_skipped_or_failed_where_missing()
    {
        var empty = Directory.CreateTempSubdirectory("videomae-check-test-").FullName;
        try
        {
            var found = FixtureFiles.Find(null, startDirectory: Path.Combine(RepositoryRoot.Folder, "src"), baseDirectory: empty);
            Assert.Equal(TestFixtures.Folder, found.Folder);

            var context = new CheckContext(CPU, ScalarType.Float32, FixtureFiles.Find(null, startDirectory: empty, baseDirectory: empty));
            var skipped = ParityCheck.Run(context);
            Assert.Equal(CheckStatus.Skip, skipped.Status);
            Assert.Contains(Path.Combine(empty, "fixtures", "reference"), skipped.Detail);

            var missing = Path.Combine(empty, "no-such-folder");
            var failed = ParityCheck.Run(context with { Fixtures = FixtureFiles.Find(missing) });
            Assert.Equal(CheckStatus.Fail, failed.Status);
            Assert.Contains(missing, failed.Detail);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void A_value_that_is_not_a_number_fails()
    {
        Assert.Equal(CheckStatus.Fail, CheckResult.Within("x", double.NaN, 1, "").Status);
        Assert.Equal(CheckStatus.Pass, CheckResult.Within("x", 1, 1, "").Status);
    }
}
