using System.Diagnostics;

namespace VideoMae.Tests.Training.Runs;

/// <summary>
/// Another process holding a file's lock: util-linux <c>flock -x -o FILE sleep</c> (the lock is flock's own, closed for
/// the sleep), as a second videomae holding a run folder's run.lock would. Dispose kills it with SIGKILL.
/// </summary>
internal sealed class FlockHolder : IDisposable
{
    private readonly Process _process;

    public FlockHolder(string file)
    {
        var start = new ProcessStartInfo("flock") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-x", "-o", file, "-c", "echo locked; exec sleep 120" })
            start.ArgumentList.Add(a);
        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start util-linux flock");
        // flock prints nothing until it holds the lock, then the command's line.
        var line = _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        if (line != "locked")
            throw new InvalidOperationException($"flock -x {file} did not take the lock (printed '{line}').");
    }

    /// <summary>The flock process's id.</summary>
    public int Id => _process.Id;

    /// <summary>Kills flock (and its sleep) with SIGKILL, as kill -9 would, and waits for it.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Whether a fresh `flock -n` could take the lock now (another process's view).</summary>
    public static bool Free(string file)
    {
        using var probe = Process.Start("flock", ["-n", "-x", file, "true"]);
        probe.WaitForExit();
        return probe.ExitCode == 0;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
