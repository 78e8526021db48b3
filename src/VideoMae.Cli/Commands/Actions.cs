namespace VideoMae.Cli.Commands;

/// <summary>Runs a command body and turns argument errors into one line on stderr and exit code 2, not a stack trace.</summary>
internal static class Actions
{
    public static int Guarded(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"videomae: {e.Message.Split(" (Parameter")[0]}");
            return 2;
        }
        catch (Runtime.TorchUnavailableException e)
        {
            Console.Error.WriteLine($"videomae: {e.Message}");
            return 3;
        }
    }
}
