namespace VideoMae.Notebook

open System
open System.Diagnostics
open System.Threading

/// Wall time that leaves out the spells the process was stopped: a long training is paused with SIGSTOP to give
/// another job (a CI run) the cores, or its machine is suspended, and a stage's recorded seconds should say what
/// training took, not how long it waited. A background thread wakes every second; a wake-up that comes more than
/// 30 s after the last one means the whole process stood still, and the gap beyond one tick is not counted.
/// Load delays a wake-up by milliseconds to seconds, far below the threshold.
type ActiveClock() =
    static let tick = TimeSpan.FromSeconds 1.0
    static let threshold = TimeSpan.FromSeconds 30.0
    static let stoppedWithin (gap: TimeSpan) = if gap > threshold then gap - tick else TimeSpan.Zero

    let clock = Stopwatch.StartNew()
    let gate = obj ()
    let mutable last = TimeSpan.Zero
    let mutable stopped = TimeSpan.Zero
    let mutable running = true

    let observe () =
        lock gate (fun () ->
            let now = clock.Elapsed
            stopped <- stopped + stoppedWithin (now - last)
            last <- now)

    let watcher =
        Thread((fun () ->
            while Volatile.Read &running do
                Thread.Sleep tick
                observe ()), IsBackground = true, Name = "active clock")

    do watcher.Start()

    /// The part of a gap between two wake-ups that the process stood still: none up to StopThreshold, else all but
    /// one tick.
    static member StoppedWithin(gap: TimeSpan) = stoppedWithin gap

    /// The time since the clock started, less the stops seen so far (a stop still going on is counted once it ends).
    member _.Elapsed =
        observe ()
        lock gate (fun () -> clock.Elapsed - stopped)

    /// The stops seen so far.
    member _.Stopped = lock gate (fun () -> stopped)

    interface IDisposable with
        member _.Dispose() = Volatile.Write(&running, false)
