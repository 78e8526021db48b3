namespace VideoMae.Kernel

open System
open System.Diagnostics
open System.Threading

/// Stops the kernel when the process that started it is gone, so a crashed or killed front end leaves no orphan
/// kernel behind. jupyter_client names that process in JPY_PARENT_PID.
[<RequireQualifiedAccess>]
module ParentWatch =
    let private alive (pid: int) =
        try not (Process.GetProcessById(pid).HasExited) with :? ArgumentException -> false

    let start (log: string -> unit) (stopping: CancellationTokenSource) =
        match Int32.TryParse(Environment.GetEnvironmentVariable "JPY_PARENT_PID") with
        | true, pid when pid > 1 ->
            let watch () =
                while not stopping.IsCancellationRequested && alive pid do Thread.Sleep 1000
                if not stopping.IsCancellationRequested then
                    log $"the front end (process %d{pid}) is gone; stopping"
                    stopping.Cancel()
            Thread(watch, IsBackground = true, Name = "parent-watch").Start()
        | _ -> ()
