namespace VideoMae.Tests.Training.Runs;

/// <summary>Runs code on a thread of its own (not the pool's, whose threads may be the caller's) and returns what it threw.</summary>
internal static class OtherThread
{
    public static Exception? Run(Action action)
    {
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                thrown = e;
            }
        });
        thread.Start();
        thread.Join();
        return thrown;
    }
}
