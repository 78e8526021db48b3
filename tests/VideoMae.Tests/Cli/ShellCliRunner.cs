using System.Diagnostics;

namespace VideoMae.Tests.Cli;

/// <summary>
/// Runs `videomae` like <see cref="CliRunner"/>, but from bash after a line of shell set-up, so a test can put the
/// process under a resource limit (e.g. <c>ulimit -f</c>, which fails writes past a size as a full disk would).
/// </summary>
internal static class ShellCliRunner
{
    public static CliRunner.Result Run(string setup, params string[] args)
    {
        var dotnet = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet")).First(File.Exists);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        // $0 is the dotnet host and "$@" its arguments, so nothing in them is parsed by the shell.
        foreach (var a in (string[])["-c", $"{setup}; exec \"$0\" \"$@\"", dotnet, Path.Combine(AppContext.BaseDirectory, "VideoMae.Cli.dll"), .. args])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"videomae {string.Join(' ', args)} did not finish in 2 minutes.");
        }
        return new CliRunner.Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
