namespace VideoMae.Tests.Cli;

public class AccountingCommandsTests
{
    [Fact]
    public void Flops_json_reports_the_paper_figure_for_ViT_B_with_running_cell_50()
    {
        var r = CliRunner.Run("flops", "--model", "vit-b", "--decoder-mask", "running-cell", "--decoder-ratio", "0.5", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(25.87, r.Json.GetProperty("total_gmacs_with_layernorm").GetDouble(), 2);
        Assert.Equal(25.84, r.Json.GetProperty("total_gmacs").GetDouble(), 2);
        Assert.Equal(5, r.Json.GetProperty("components").GetArrayLength());
    }

    [Fact]
    public void Params_json_reports_encoder_and_decoder_of_ViT_g()
    {
        var r = CliRunner.Run("params", "--model", "vit-g", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(1011.61, r.Json.GetProperty("encoder_params").GetInt64() / 1e6, 2);
        Assert.Equal(14.70, r.Json.GetProperty("decoder_params").GetInt64() / 1e6, 2);
    }

    [Fact]
    public void Masks_json_reports_the_token_counts_of_dual_masking()
    {
        var r = CliRunner.Run("masks", "--model", "vit-b", "--decoder-mask", "running-cell", "--decoder-ratio", "0.5", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.Equal(1568, j.GetProperty("tokens").GetInt32());
        Assert.Equal(160, j.GetProperty("encoder_visible").GetInt32());
        Assert.Equal(944, j.GetProperty("decoder_tokens").GetInt32());
        Assert.Equal(784, j.GetProperty("reconstructed").GetInt32());
        Assert.Equal(704, j.GetProperty("loss_tokens").GetInt32());
    }

    [Fact]
    public void A_bad_ratio_is_one_line_on_stderr_with_exit_code_2()
    {
        var r = CliRunner.Run("masks", "--decoder-ratio", "0.3");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("running-cell ratio = 0.3", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void An_unknown_preset_is_refused_by_the_parser()
    {
        var r = CliRunner.Run("flops", "--model", "vit-x");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("vit-x", r.Stderr);
    }
}
