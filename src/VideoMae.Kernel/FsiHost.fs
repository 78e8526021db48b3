namespace VideoMae.Kernel

// FS0044: ControlledExecution is marked obsolete because an abort can leave shared state half-updated; it is the
// only way to stop a running cell on .NET, and the state it can break is the cell's own.
#nowarn "44"

open System
open System.IO
open System.Runtime
open System.Threading
open FSharp.Compiler.Interactive.Shell

/// How one cell ended: its value (when it ends in an expression that is not unit) or its error; warnings either way.
type CellOutcome =
    | Completed of value: (obj * Type) option * warnings: string list
    | Failed of CellError * warnings: string list

/// The interrupt state of the cell that runs: the token the kernel aborts it with, and the token its own code may
/// take to stop cooperatively. Not disposed: an interrupt that arrives as the cell ends may still cancel them, and
/// without timers or linked tokens they hold nothing to release.
type internal RunningCell() =
    let abort = new CancellationTokenSource()
    let cooperative = new CancellationTokenSource()
    [<VolatileField>]
    let mutable claimed = false

    member _.Abort = abort
    member _.Cooperative = cooperative
    member _.Claimed = claimed

    member _.Claim() =
        claimed <- true
        cooperative.Token

/// The F# Interactive session the cells run in, one per kernel process, so definitions carry from cell to cell.
type FsiHost() =
    let kernelAssembly = typeof<CellError>.Assembly.Location
    // --usesdkrefs-: cells compile against the running runtime's own assemblies, not the SDK's reference pack. The
    // FSharp.Core 10.1.404 we load is its lib/net10.0 build, which references System.Collections, System.Linq, ...
    // directly; FCS 43.13 resolves those from the runtime folder while the rest come from the reference pack, so
    // List<T> implemented IEnumerable<T> of System.Private.CoreLib, not the System.Runtime one `seq` means (issue 6:
    // FS0001 on `List.ofSeq (ResizeArray())`). One consistent set is also what the cells run on.
    let arguments =
        [| "fsi"; "--noninteractive"; "--nologo"; "--gui-"; "--optimize+"; "--usesdkrefs-"; $"-r:%s{kernelAssembly}" |]
    // The session's own writers receive its echo ("val x: int = 42"), not what cells print: cells print to Console,
    // which the kernel forwards. The echo is dropped; a cell's value is reported as execute_result instead.
    let session =
        FsiEvaluationSession.Create(
            FsiEvaluationSession.GetDefaultConfiguration(),
            arguments,
            new StringReader(""),
            TextWriter.Null,
            TextWriter.Null,
            collectible = false)
    [<VolatileField>]
    let mutable running: RunningCell option = None

    do session.EvalInteraction "open VideoMae.Kernel.Prelude"

    /// The session, for completions and parsing.
    member _.Session = session

    /// Runs one cell to the end, an exception or an interrupt; never throws.
    member _.Execute(code: string) : CellOutcome =
        let cell = RunningCell()
        running <- Some cell
        try
            let mutable evaluation = Unchecked.defaultof<_>
            // FCS's own Interrupt does not stop a running cell on .NET Core; ControlledExecution aborts the thread
            // that runs the cell (as fsi does for Ctrl-C) and the session stays usable for the next cell.
            try
                ControlledExecution.Run((fun () -> evaluation <- session.EvalInteractionNonThrowing(code, cell.Abort.Token)), cell.Abort.Token)
            with :? OperationCanceledException as e ->
                evaluation <- Choice2Of2(e :> exn), [||]
            let result, diagnostics = evaluation
            let warnings =
                diagnostics |> Array.filter (Diagnostics.isError >> not) |> Array.map Diagnostics.describe |> List.ofArray
            match result with
            | Choice1Of2 (Some value) when value.ReflectionType <> typeof<unit> ->
                Completed(Some(value.ReflectionValue, value.ReflectionType), warnings)
            | Choice1Of2 _ -> Completed(None, warnings)
            | Choice2Of2 _ when Array.exists Diagnostics.isError diagnostics ->
                Failed(Diagnostics.compilationError diagnostics, warnings)
            | Choice2Of2 thrown when cell.Abort.IsCancellationRequested ->
                Failed({ EName = "Interrupted"; EValue = "the cell was interrupted"; Traceback = [ string thrown.Message ] }, warnings)
            | Choice2Of2 thrown when cell.Cooperative.IsCancellationRequested ->
                // The cell stopped its own work on the interrupt (a training run: at the next step, with a
                // checkpoint) and says so in its exception's message.
                Failed({ EName = "Interrupted"; EValue = thrown.Message; Traceback = [] }, warnings)
            | Choice2Of2 thrown -> Failed(Diagnostics.exceptionError thrown, warnings)
        finally
            running <- None

    /// The running cell's interrupt token (CancellationToken.None between cells). A cell that takes it promises to
    /// stop at its next safe point, so the first interrupt only cancels this token; a second one aborts the cell.
    member _.CellCancellation() =
        match running with
        | Some cell -> cell.Claim()
        | None -> CancellationToken.None

    /// Stops the running cell, if any (interrupt_request): cooperatively when it took its interrupt token and has not
    /// been asked yet, otherwise by aborting it.
    member _.Interrupt() =
        match running with
        | Some cell when cell.Claimed && not cell.Cooperative.IsCancellationRequested -> cell.Cooperative.Cancel()
        | Some cell ->
            cell.Cooperative.Cancel()
            cell.Abort.Cancel()
            session.Interrupt()
        | None -> ()

    /// F# Interactive's own rendering of a value ("[1; 2; 3]", records with their fields), for text/plain.
    member _.Format(value: obj, valueType: Type) = session.FormatValue(value, valueType)
