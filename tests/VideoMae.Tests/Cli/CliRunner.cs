using System.Diagnostics;
using System.Text.Json;

namespace VideoMae.Tests.Cli;

/// <summary>Runs the real `videomae` command line (the VideoMae.Cli assembly copied next to the tests) in a child process.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;
    }

    public static Result Run(params string[] args) => RunWithPath(null, args);

    /// <summary>Runs with PATH replaced by <paramref name="path"/> (null keeps it), to test missing programs.</summary>
    public static Result RunWithPath(string? path, params string[] args)
    {
        var dotnet = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet")).First(File.Exists);
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (path is not null)
            start.Environment["PATH"] = path;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "VideoMae.Cli.dll"));
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"videomae {string.Join(' ', args)} did not finish in 2 minutes.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
