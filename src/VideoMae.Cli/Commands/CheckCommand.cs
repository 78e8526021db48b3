using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VideoMae.SelfCheck;
using VideoMae.Training.Settings;

namespace VideoMae.Cli.Commands;

/// <summary>
/// <c>videomae check</c>: the self-test to run after installing (<see cref="SelfCheckRunner"/>). One line per check,
/// then a summary; exit 0 when no check failed, 1 when one did, 2 for bad arguments (CUDA asked for but unavailable).
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var precision = new Option<string>("--precision") { Description = "float32 or bfloat16.", DefaultValueFactory = _ => "float32" };
        precision.AcceptOnlyFromAmong("float32", "bfloat16");
        var fixtures = new Option<string?>("--fixtures")
        {
            Description = "Folder of the reference fixtures (tiny_p8.*); default fixtures/reference beside the program, else ../shared/fixtures/reference of the checkout above the current folder.",
        };
        var json = CommonOptions.Json();
        var command = new Command("check", "Self-test of this set-up: parity with the official model, a training run, resume, multi-view classification, no tensor leaks.")
            { device, precision, fixtures, json };
        command.SetAction(parse => Actions.Guarded(() =>
        {
            var options = new SelfCheckOptions(parse.GetValue(device)!, SettingNames.Precision.Parse(parse.GetValue(precision)!), parse.GetValue(fixtures));
            var asJson = parse.GetValue(json);
            var report = SelfCheckRunner.Run(options, asJson ? null : r => Console.WriteLine(Line(r)));
            if (asJson)
                Console.WriteLine(Json(report));
            else
                Console.WriteLine(Summary(report));
            return report.Passed ? 0 : 1;
        }));
        return command;
    }

    private static string Line(CheckResult r)
    {
        var measured = r.Value is { } value ? $"{Number(value)} ≤ {Number(r.Tolerance ?? double.NaN)}" : "-";
        return $"{Status(r.Status),-4}  {r.Name,-14}  {measured,-20}  {r.Seconds,6:0.00} s  {r.Detail}";
    }

    private static string Summary(SelfCheckReport report)
    {
        int Count(CheckStatus s) => report.Checks.Count(c => c.Status == s);
        var seconds = report.Checks.Sum(c => c.Seconds);
        return $"{(report.Passed ? "passed" : "FAILED")}: {Count(CheckStatus.Pass)} passed, {Count(CheckStatus.Fail)} failed, {Count(CheckStatus.Skip)} skipped " +
            $"on {report.Device}, {report.Precision} (libtorch {report.Libtorch}) in {seconds:0.0} s";
    }

    private static string Json(SelfCheckReport report) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["device"] = report.Device,
        ["precision"] = report.Precision,
        ["libtorch"] = report.Libtorch,
        ["checks"] = report.Checks.Select(c => new Dictionary<string, object?>
        {
            ["name"] = c.Name,
            ["status"] = Status(c.Status).ToLowerInvariant(),
            // JSON has no NaN or infinity: a measurement that is not finite is reported as null (and failed).
            ["value"] = c.Value is { } v && double.IsFinite(v) ? v : null,
            ["tolerance"] = c.Tolerance,
            ["detail"] = c.Detail,
            ["seconds"] = Math.Round(c.Seconds, 3),
        }).ToList(),
        ["passed"] = report.Passed,
    }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string Status(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "PASS",
        CheckStatus.Fail => "FAIL",
        _ => "SKIP",
    };

    /// <summary>Plain decimals for ratios and counts, scientific notation for small differences.</summary>
    private static string Number(double x) =>
        x == 0 || (Math.Abs(x) >= 1e-3 && Math.Abs(x) < 1e5) ? x.ToString("0.####", CultureInfo.InvariantCulture) : x.ToString("0.0#e+0", CultureInfo.InvariantCulture);
}
