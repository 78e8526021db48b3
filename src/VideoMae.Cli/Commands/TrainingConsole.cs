using System.Globalization;
using System.Runtime.InteropServices;
using Spectre.Console;
using VideoMae.Training;
using VideoMae.Training.Runs;

namespace VideoMae.Cli.Commands;

/// <summary>
/// How a training command reports progress: a Spectre.Console progress bar with ETA when attached to a terminal, plain
/// lines (about a hundred per run) when the output is redirected. Ctrl+C (SIGINT), SIGTERM (what kill, systemd, job
/// schedulers and container stops send) and SIGHUP (a closed terminal) stop the run at the next step with a checkpoint;
/// the runtime's default for SIGTERM and SIGHUP would end the process at once and lose every step since the last one.
/// </summary>
internal static class TrainingConsole
{
    public static TrainingResult Run(string what, Func<Action<StepReport>, Action<string>, CancellationToken, TrainingResult> body)
    {
        using var cancel = new CancellationTokenSource();
        void Stop(string signal)
        {
            // Said before cancelling: once cancelled, the run can finish and the process exit before this thread writes.
            Say($"{what}: {signal}: stopping after the current step (a checkpoint will be written; --resume continues).");
            cancel.Cancel();
        }
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            Stop("Ctrl+C");
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Stop("SIGTERM");
        });
        using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            Stop("SIGHUP");
        });
        try
        {
            return Console.IsErrorRedirected || Console.IsOutputRedirected
                ? Plain(what, body, cancel.Token)
                : Bar(what, body, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    // After SIGHUP the terminal may be gone, and writing to it fails (EIO): progress is not worth losing the checkpoint.
    private static void Say(string line)
    {
        try
        {
            Console.Error.WriteLine(line);
        }
        catch (IOException)
        {
        }
    }

    private static TrainingResult Plain(string what, Func<Action<StepReport>, Action<string>, CancellationToken, TrainingResult> body, CancellationToken token)
    {
        var start = DateTime.UtcNow;
        int? first = null;
        return body(report =>
        {
            var m = report.Metrics;
            first ??= m.Step - 1;
            var every = Math.Max(1, report.TotalSteps / 100);
            if (m.Step % every != 0 && m.Step != report.TotalSteps && report.CheckpointWritten is null)
                return;
            var done = m.Step - first.Value;
            var eta = TimeSpan.FromSeconds((DateTime.UtcNow - start).TotalSeconds / done * (report.TotalSteps - m.Step));
            Say(string.Create(CultureInfo.InvariantCulture,
                $"{what}: step {m.Step}/{report.TotalSteps} epoch {m.Epoch:0.00} loss {m.Loss:0.0000}{Baseline(m)} lr {m.LearningRate:0.###e+0} grad {m.GradNorm:0.###} " +
                $"{m.ClipsPerSecond:0.0} clips/s wait {m.DataWaitSeconds:0.00}s eta {eta:hh\\:mm\\:ss}{(report.CheckpointWritten is null ? "" : " checkpoint")}"));
        }, line => Say($"{what}: {line}"), token);
    }

    // Beside the loss, so a run that sits on the trivial predictor's loss is seen to learn nothing while it runs.
    private static string Baseline(StepMetrics m) =>
        double.IsNaN(m.BaselineLoss) ? "" : string.Create(CultureInfo.InvariantCulture, $" (tubelet means {m.BaselineLoss:0.0000})");

    private static TrainingResult Bar(string what, Func<Action<StepReport>, Action<string>, CancellationToken, TrainingResult> body, CancellationToken token)
    {
        TrainingResult? result = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? bar = null;
                result = body(report =>
                {
                    var m = report.Metrics;
                    bar ??= ctx.AddTask(what, maxValue: report.TotalSteps);
                    bar.Value = m.Step;
                    bar.Description = string.Create(CultureInfo.InvariantCulture,
                        $"{what} loss {m.Loss:0.0000}{Baseline(m)} lr {m.LearningRate:0.##e+0} {m.ClipsPerSecond:0.0} clips/s");
                }, line =>
                {
                    try
                    {
                        AnsiConsole.MarkupLine(Markup.Escape($"{what}: {line}"));
                    }
                    catch (IOException)
                    {
                        // The terminal is gone (SIGHUP): see Say.
                    }
                }, token);
            });
        return result!;
    }
}
