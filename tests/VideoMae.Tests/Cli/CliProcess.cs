using System.Collections.Concurrent;
using System.Diagnostics;

namespace VideoMae.Tests.Cli;

/// <summary>
/// The real `videomae` command line running in the background (CliRunner waits for its end): for what happens while a
/// run is under way, a second run into its folder or a signal. Dispose kills it if it still runs.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Task<string> _stdout;

    public CliProcess(params string[] args)
    {
        var dotnet = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet")).First(File.Exists);
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "VideoMae.Cli.dll"));
        foreach (var a in args)
            start.ArgumentList.Add(a);
        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        _process.Start();
        _process.BeginErrorReadLine();
        _stdout = _process.StandardOutput.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public string Stderr => string.Join('\n', _stderr);

    /// <summary>Waits until a line of stderr satisfies <paramref name="match"/>.</summary>
    public void WaitFor(Func<string, bool> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!_stderr.Any(match))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"videomae ended (exit {_process.ExitCode}) before the awaited line:\n{Stderr}");
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"no awaited line in {timeout}:\n{Stderr}");
            Thread.Sleep(100);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (TERM, HUP, INT) with kill(1).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the end; the exit code and stdout.</summary>
    public CliRunner.Result WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException($"videomae did not end in {timeout}:\n{Stderr}");
        _process.WaitForExit();   // drains the redirected stderr
        return new CliRunner.Result(_process.ExitCode, _stdout.Result, Stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
