namespace VideoMae.Kernel

open System
open System.Threading

/// How code running in a cell learns of an interrupt without referencing this kernel: a Func<CancellationToken> in
/// the AppDomain data (VideoMae.Notebook's CellInterrupt module calls it). The token is the running cell's; a cell
/// that asks for it is interrupted cooperatively first (a training run stops at the next step with a checkpoint, as
/// Ctrl+C does on the command line) and aborted only by a second interrupt.
[<RequireQualifiedAccess>]
module CellInterrupt =
    /// The AppDomain data key (the same string is VideoMae.Notebook's CellInterrupt.channelKey).
    [<Literal>]
    let Key = "VideoMae.Jupyter.CellInterrupt"

    let register (host: FsiHost) =
        AppDomain.CurrentDomain.SetData(Key, Func<CancellationToken>(host.CellCancellation))
