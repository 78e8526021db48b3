using VideoMae.Training.Runs;

namespace VideoMae.Tests.Training.Runs;

public sealed class RunLockTests : IDisposable
{
    private readonly string _parent = Path.Combine(Path.GetTempPath(), $"videomae-runlock-{Guid.NewGuid():N}");
    private readonly string _folder;

    public RunLockTests() => _folder = Path.Combine(_parent, "run");

    public void Dispose()
    {
        if (Directory.Exists(_parent))
            Directory.Delete(_parent, recursive: true);
    }

    private string LockFile => Path.Combine(_folder, RunLock.FileName);

    [Fact]
    public void The_holder_writes_who_it_is_and_on_release_leaves_only_the_lock_file_which_is_then_free()
    {
        using (var held = RunLock.Acquire(_folder))
        {
            Assert.Equal(Path.GetFullPath(_folder), held.Folder);
            Assert.False(FlockHolder.Free(LockFile));   // held as the kernel sees it, for any other process
            Assert.StartsWith($"pid {Environment.ProcessId} on {Environment.MachineName} since ",
                File.ReadAllText(Path.Combine(_folder, RunLock.OwnerFileName)));
        }
        Assert.Equal([RunLock.FileName], Directory.GetFiles(_folder).Select(f => Path.GetFileName(f)));
        Assert.True(FlockHolder.Free(LockFile));
    }

    [Fact]
    public void The_holding_thread_may_take_the_lock_again_and_another_thread_is_refused_until_the_last_release()
    {
        var outer = RunLock.Acquire(_folder);
        using (RunLock.Acquire(_folder))   // a notebook stage around the trainer: the trainer takes it again
        {
        }
        var e = Assert.IsType<RunFolderInUseException>(OtherThread.Run(() => RunLock.Acquire(_folder)));
        Assert.Contains(Path.GetFullPath(_folder), e.Message);
        Assert.Contains($"another thread of this process, pid {Environment.ProcessId}", e.Message);
        Assert.IsType<RunFolderInUseException>(OtherThread.Run(() => RunLock.ThrowIfInUse(_folder)));
        RunLock.ThrowIfInUse(_folder);   // not in use for the holder
        Assert.False(FlockHolder.Free(LockFile));   // the inner release kept the lock

        outer.Dispose();
        Assert.Null(OtherThread.Run(() => RunLock.Acquire(_folder).Dispose()));
    }

    [Fact]
    public void A_lock_held_by_another_process_is_refused_without_writing_and_is_free_once_that_process_is_killed()
    {
        Directory.CreateDirectory(_folder);
        using var other = new FlockHolder(LockFile);
        var before = Directory.GetFiles(_folder);

        var probed = Assert.Throws<RunFolderInUseException>(() => RunLock.ThrowIfInUse(_folder));
        var e = Assert.Throws<RunFolderInUseException>(() => RunLock.Acquire(_folder));
        Assert.Equal(e.Message, probed.Message);
        Assert.Equal(
            $"{Path.GetFullPath(_folder)} is in use by another run (another process (no run.lock.owner: not a videomae run, or one that has just started)); " +
            "wait for it to end or stop it, or choose another --out.", e.Message);
        Assert.Equal(before, Directory.GetFiles(_folder));

        // kill -9: no code of the holder runs, and the kernel releases its lock.
        other.Kill();
        using var held = RunLock.Acquire(_folder);
    }

    [Fact]
    public void A_second_process_reads_the_holders_owner_file_for_its_message()
    {
        Directory.CreateDirectory(_folder);
        using var other = new FlockHolder(LockFile);
        File.WriteAllText(Path.Combine(_folder, RunLock.OwnerFileName), $"pid {other.Id} on elsewhere since 2026-01-01 00:00:00Z\n");
        var e = Assert.Throws<RunFolderInUseException>(() => RunLock.Acquire(_folder));
        Assert.Equal($"pid {other.Id} on elsewhere since 2026-01-01 00:00:00Z", e.Owner);
        Assert.Contains($"in use by another run (pid {other.Id} on elsewhere since 2026-01-01 00:00:00Z)", e.Message);
    }

    [Fact]
    public void Emptying_deletes_everything_but_the_lock_and_keeps_it_held()
    {
        using var held = RunLock.Acquire(_folder);
        File.WriteAllText(Path.Combine(_folder, "config.json"), "{}");
        Directory.CreateDirectory(Path.Combine(_folder, "sub", "deeper"));
        File.WriteAllText(Path.Combine(_folder, "sub", "deeper", "x.txt"), "x");

        held.Empty();

        Assert.Empty(Directory.GetDirectories(_folder));
        Assert.Equal([RunLock.FileName, RunLock.OwnerFileName], Directory.GetFiles(_folder).Select(f => Path.GetFileName(f)).Order());
        Assert.False(FlockHolder.Free(LockFile));
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_named()
    {
        Directory.CreateDirectory(_parent);
        File.WriteAllText(_folder, "a file where the folder should be");
        var e = Assert.Throws<ArgumentException>(() => RunLock.Acquire(_folder));
        Assert.IsNotType<RunFolderInUseException>(e);
        Assert.StartsWith($"{Path.GetFullPath(_folder)}: cannot lock the run folder", e.Message);
    }
}
