using System.Globalization;

namespace VideoMae.Training.Runs;

/// <summary>
/// The one writer of a run folder: an exclusive lock on the folder's <c>run.lock</c>, held for the run's life. Two runs
/// writing one folder interleave metrics.csv and leave a config.json of one run beside the other's checkpoint.
/// </summary>
/// <remarks>
/// <para>The lock is the file opened with <see cref="FileShare.None"/>: on Linux and macOS .NET takes
/// <c>flock(LOCK_EX | LOCK_NB)</c> for that (Windows refuses a second open itself), so the kernel releases it when the
/// process ends, however it ends: a run killed with <c>kill -9</c> leaves no stale lock. util-linux
/// <c>flock run.lock …</c> contends for the same lock.</para>
/// <para>Another .NET process cannot open the locked file at all (every open takes a shared flock), so the holder also
/// writes <c>run.lock.owner</c> (pid, host, since when) for the refusal message, and deletes it on release.</para>
/// <para>The lock file is never deleted, not even by <see cref="Empty"/>: a process that opened it just before a
/// deletion would lock the deleted file while a third locks its replacement, and both would write.</para>
/// <para>Within one process the lock is re-entrant on the thread that holds it (a notebook stage holds it around the
/// trainer, which takes it again) and refused to every other thread.</para>
/// </remarks>
public sealed class RunLock : IDisposable
{
    /// <summary>The lock file's name in the run folder.</summary>
    public const string FileName = "run.lock";

    /// <summary>The name of the file that says who holds the lock.</summary>
    public const string OwnerFileName = "run.lock.owner";

    // EWOULDBLOCK on Linux and on macOS; ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION on Windows.
    private static readonly int[] HeldElsewhere = [11, 35, unchecked((int)0x80070020), unchecked((int)0x80070021)];

    private static readonly Dictionary<string, Holder> HeldHere = new(StringComparer.Ordinal);

    private sealed class Holder(FileStream stream, int thread)
    {
        public FileStream Stream { get; } = stream;
        public int Thread { get; } = thread;
        public int Count { get; set; } = 1;
    }

    private Holder? _holder;

    private RunLock(string folder, Holder holder) => (Folder, _holder) = (folder, holder);

    /// <summary>The locked folder (full path).</summary>
    public string Folder { get; }

    /// <summary>
    /// Locks <paramref name="folder"/>, creating it when it does not exist. Dispose to release; the last release of
    /// the holding thread unlocks.
    /// </summary>
    /// <exception cref="RunFolderInUseException">Another process, or another thread of this one, holds the lock.</exception>
    /// <exception cref="ArgumentException">The folder cannot be created or its lock file opened (a file in its place, no permission).</exception>
    public static RunLock Acquire(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.GetFullPath(folder);
        lock (HeldHere)
        {
            if (HeldByThisThread(full) is { } held)
            {
                held.Count++;
                return new RunLock(full, held);
            }
            FileStream stream;
            try
            {
                Directory.CreateDirectory(full);
                stream = new FileStream(Path.Combine(full, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (HeldElsewhere.Contains(e.HResult))
            {
                throw new RunFolderInUseException(full, ReadOwner(full));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"{full}: cannot lock the run folder ({e.Message}); expected a folder this user can write.", e);
            }
            var holder = new Holder(stream, Environment.CurrentManagedThreadId);
            try
            {
                File.WriteAllText(Path.Combine(full, OwnerFileName), string.Create(CultureInfo.InvariantCulture,
                    $"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z"));
            }
            catch
            {
                stream.Dispose();
                throw;
            }
            HeldHere[full] = holder;
            return new RunLock(full, holder);
        }
    }

    /// <summary>
    /// Refuses as <see cref="Acquire"/> would when another process or thread holds <paramref name="folder"/>'s lock,
    /// but creates and writes nothing: so that a busy folder is reported as busy before what it holds is judged (a
    /// running run has no checkpoint yet), and a refused run leaves the folder as it was.
    /// </summary>
    /// <exception cref="RunFolderInUseException">Another process, or another thread of this one, holds the lock.</exception>
    public static void ThrowIfInUse(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.GetFullPath(folder);
        var file = Path.Combine(full, FileName);
        lock (HeldHere)
        {
            if (HeldByThisThread(full) is not null || !File.Exists(file))
                return;
            try
            {
                using var probe = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.None);
            }
            catch (IOException e) when (HeldElsewhere.Contains(e.HResult))
            {
                throw new RunFolderInUseException(full, ReadOwner(full));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not a lock held elsewhere; Acquire reports what it is.
            }
        }
    }

    /// <summary>
    /// Deletes everything in the folder but the lock's two files: a fresh start in a folder this lock holds (deleting
    /// the folder itself would delete the lock file, see the remarks).
    /// </summary>
    public void Empty()
    {
        ObjectDisposedException.ThrowIf(_holder is null, this);
        foreach (var folder in Directory.EnumerateDirectories(Folder))
            Directory.Delete(folder, recursive: true);
        foreach (var file in Directory.EnumerateFiles(Folder))
            if (Path.GetFileName(file) is not (FileName or OwnerFileName))
                File.Delete(file);
    }

    /// <summary>Releases this hold; the lock itself goes with the thread's last hold.</summary>
    public void Dispose()
    {
        if (_holder is not { } holder)
            return;
        _holder = null;
        lock (HeldHere)
        {
            if (--holder.Count > 0)
                return;
            HeldHere.Remove(Folder);
            // The owner file first: once the lock is free, the next holder writes its own.
            try
            {
                File.Delete(Path.Combine(Folder, OwnerFileName));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A stale owner file is only read while someone holds the lock, and that holder has replaced it.
            }
            holder.Stream.Dispose();
        }
    }

    // This thread's hold of the folder, null when this process holds none; another thread's is a refusal.
    private static Holder? HeldByThisThread(string folder)
    {
        if (!HeldHere.TryGetValue(folder, out var held))
            return null;
        if (held.Thread != Environment.CurrentManagedThreadId)
            throw new RunFolderInUseException(folder, $"another thread of this process, pid {Environment.ProcessId}");
        return held;
    }

    private static string ReadOwner(string folder)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(folder, OwnerFileName)).Trim();
            if (text.Length > 0)
                return text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return $"another process (no {OwnerFileName}: not a videomae run, or one that has just started)";
    }

}

/// <summary>Another run holds the run folder's lock (<see cref="RunLock"/>); a bad --out, so an <see cref="ArgumentException"/>.</summary>
/// <param name="folder">The folder.</param>
/// <param name="owner">Who holds it, as its owner file says.</param>
public sealed class RunFolderInUseException(string folder, string owner)
    : ArgumentException($"{folder} is in use by another run ({owner}); wait for it to end or stop it, or choose another --out.")
{
    /// <summary>The folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>Who holds it.</summary>
    public string Owner { get; } = owner;
}
