namespace VideoMae.Notebook.Tests

open System
open System.Threading
open Xunit
open VideoMae.Notebook

/// ActiveClock leaves a stopped process's gap out of a stage's seconds.
module ActiveClockTests =
    [<Fact>]
    let ``a gap up to the threshold is load, a longer one a stop less one tick`` () =
        Assert.Equal(TimeSpan.Zero, ActiveClock.StoppedWithin(TimeSpan.FromSeconds 1.0))
        Assert.Equal(TimeSpan.Zero, ActiveClock.StoppedWithin(TimeSpan.FromSeconds 30.0))
        // A 37-minute SIGSTOP between two wake-ups a second apart: 37 minutes stopped.
        Assert.Equal(TimeSpan.FromMinutes 37.0, ActiveClock.StoppedWithin(TimeSpan.FromMinutes 37.0 + TimeSpan.FromSeconds 1.0))

    [<Fact>]
    let ``a clock of a process that never stopped reads its wall time`` () =
        use clock = new ActiveClock()
        let wall = Diagnostics.Stopwatch.StartNew()
        Thread.Sleep 2500
        let elapsed = clock.Elapsed
        Assert.Equal(TimeSpan.Zero, clock.Stopped)
        Assert.InRange(elapsed.TotalSeconds, 2.5, wall.Elapsed.TotalSeconds + 0.1)
