using VideoMae.Data.Loading;
using VideoMae.Data.Video;
using VideoMae.Runtime;

namespace VideoMae.Cli.Commands;

/// <summary>
/// Runs a command body and turns the failures a user can fix into one line on stderr instead of a stack trace:
/// bad arguments exit with 2; a missing prerequisite, an unreadable or malformed input, or a file that cannot be
/// written exit with 1. The message names the path and what was expected; <c>--verbose</c> adds the trace.
/// </summary>
internal static class Actions
{
    /// <summary>Whether a failure also prints its full exception trace (the global <c>--verbose</c>); set once by Program.</summary>
    public static bool Verbose { get; set; }

    public static int Guarded(Func<int> body)
    {
        try
        {
            try
            {
                return body();
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                // Parallel loops wrap the one failure that matters.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
                throw;
            }
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message.Split(" (Parameter")[0], 2, e);
        }
        // IOException covers FileNotFoundException, DirectoryNotFoundException and a full disk.
        catch (Exception e) when (e is TorchUnavailableException or FfmpegMissingException or DataLoadException or VideoMae.Training.NonFiniteLossException
            or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message, 1, e);
        }
    }

    private static int Fail(string message, int exitCode, Exception e)
    {
        Console.Error.WriteLine($"videomae: {message}");
        if (Verbose)
            Console.Error.WriteLine(e);
        return exitCode;
    }
}
