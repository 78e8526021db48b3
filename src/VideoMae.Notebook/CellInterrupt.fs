namespace VideoMae.Notebook

open System
open System.Threading

/// The interrupt of the running notebook cell (the front end's stop button) as a CancellationToken, for work that
/// can stop at a safe point, such as TrainingRuns' `cancellation`. The kernel (src/VideoMae.Kernel/CellInterrupt.fs)
/// registers a Func<CancellationToken> under channelKey.
[<RequireQualifiedAccess>]
module CellInterrupt =
    /// The AppDomain data key the kernel registers its token source under.
    [<Literal>]
    let channelKey = "VideoMae.Jupyter.CellInterrupt"

    /// The running cell's interrupt token. Asking for it changes what an interrupt does to this cell: the first one
    /// cancels the token and lets the cell go on (to stop at its next step), a second one aborts the cell.
    /// CancellationToken.None outside the kernel (plain `dotnet fsi`).
    let token () =
        match AppDomain.CurrentDomain.GetData channelKey with
        | :? Func<CancellationToken> as current -> current.Invoke()
        | _ -> CancellationToken.None
