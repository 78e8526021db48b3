using VideoMae.Runtime;
using TestFixtures = VideoMae.Tests.Fixtures.ReferenceFixtures;

namespace VideoMae.Tests.Cli;

public sealed class CheckCommandTests
{
    [Fact]
    public void Check_json_lists_the_five_checks_passed_and_exits_0()
    {
        var run = CliRunner.Run("check", "--fixtures", TestFixtures.Folder, "--json");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var json = run.Json;
        Assert.Equal("cpu", json.GetProperty("device").GetString());
        Assert.Equal("float32", json.GetProperty("precision").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("libtorch").GetString()));
        Assert.True(json.GetProperty("passed").GetBoolean());
        var checks = json.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(["parity", "training", "checkpoint", "classification", "memory"], checks.Select(c => c.GetProperty("name").GetString()));
        Assert.All(checks, c =>
        {
            Assert.Equal("pass", c.GetProperty("status").GetString());
            Assert.True(c.GetProperty("value").GetDouble() <= c.GetProperty("tolerance").GetDouble());
            Assert.True(c.GetProperty("seconds").GetDouble() >= 0);
            Assert.False(string.IsNullOrEmpty(c.GetProperty("detail").GetString()));
        });
    }

    [Fact]
    public void An_explicit_fixtures_folder_that_is_missing_fails_the_parity_check_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"videomae-no-fixtures-{Guid.NewGuid():N}");
        var run = CliRunner.Run("check", "--fixtures", missing);
        Assert.Equal(1, run.ExitCode);
        var parity = run.Stdout.Split('\n').Single(l => l.Contains("parity"));
        Assert.StartsWith("FAIL", parity);
        Assert.Contains(missing, parity);
        Assert.Contains("FAILED: 4 passed, 1 failed, 0 skipped", run.Stdout);
    }

    [Fact]
    public void Cuda_on_a_machine_without_it_is_one_line_with_exit_code_2()
    {
        if (TorchRuntime.CudaAvailable)
            return;
        var run = CliRunner.Run("check", "--device", "cuda");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("CUDA is not available", run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }
}
