using System.Text;

namespace VideoMae.Runtime;

/// <summary>
/// Replaces a file atomically: the content is written to <c>path + ".tmp-&lt;random&gt;"</c> in the same folder,
/// flushed to disk, then moved over <c>path</c>, so a failed write (a full disk, a kill) leaves the previous file as it
/// was and no temporary file behind (a killed write's temporary file is what <c>RunFolder.RemoveTemporaryFiles</c> removes).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/> atomically.</summary>
    /// <inheritdoc cref="Write(string, Action{Stream}, string)"/>
    public static void WriteAllText(string path, string text, string what = "the file") =>
        Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)), what);

    /// <summary>Lets <paramref name="write"/> fill a new stream, then replaces <paramref name="path"/> with it.</summary>
    /// <param name="path">The file to replace or create.</param>
    /// <param name="write">Writes the whole content.</param>
    /// <param name="what">What the file holds, for the error of a path that is a folder ("the safetensors").</param>
    /// <exception cref="IOException">
    /// <paramref name="path"/> is a folder, its folder does not exist (<see cref="DirectoryNotFoundException"/>), or
    /// writing failed; the message names <paramref name="path"/>, not the temporary file, and says whether a previous
    /// file was kept.
    /// </exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be written; the message names <paramref name="path"/>.</exception>
    public static void Write(string path, Action<Stream> write, string what = "the file")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        if (Directory.Exists(path))
            throw new IOException($"{path}: is a folder; expected a file to write {what} to.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{path}: the folder {folder} does not exist; expected an existing folder to write the file in.");
        var temporary = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        // .NET reports a write past the file size limit (EFBIG) as ArgumentOutOfRangeException, a full disk as IOException.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            throw WriteFailed(path, temporary, e);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    // One line naming the file the caller asked for (not the temporary one) and what became of the previous file.
    private static Exception WriteFailed(string path, string temporary, Exception e)
    {
        var reason = e.Message.Replace($" : '{temporary}'", "", StringComparison.Ordinal).Replace(temporary, path, StringComparison.Ordinal).TrimEnd('.');
        var kept = File.Exists(path) ? "the previous file is unchanged" : "no file was written";
        var message = $"{path}: could not be written ({reason}); {kept}.";
        return e is UnauthorizedAccessException ? new UnauthorizedAccessException(message, e) : new IOException(message, e);
    }
}
