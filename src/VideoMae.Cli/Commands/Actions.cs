using VideoMae.Data.Loading;
using VideoMae.Data.Video;
using VideoMae.Runtime;

namespace VideoMae.Cli.Commands;

/// <summary>
/// Runs a command body and turns the failures a user can fix into one line on stderr instead of a stack trace:
/// bad arguments exit with 2, a missing prerequisite or unreadable input with 1.
/// </summary>
internal static class Actions
{
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
            return Fail(e.Message.Split(" (Parameter")[0], 2);
        }
        catch (Exception e) when (e is TorchUnavailableException or FfmpegMissingException or DataLoadException or VideoMae.Training.NonFiniteLossException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
        {
            return Fail(e.Message, 1);
        }
    }

    private static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"videomae: {message}");
        return exitCode;
    }
}
