namespace VideoMae.Kernel

open System
open System.Reflection
open FSharp.Compiler.Diagnostics

/// What a failed cell reports: the Jupyter error triple.
type CellError =
    { EName: string
      EValue: string
      Traceback: string list }

[<RequireQualifiedAccess>]
module Diagnostics =
    /// "(line 3, column 9) error FS0001: This expression was expected to have type ..." with lines counted in the cell.
    let describe (d: FSharpDiagnostic) =
        let severity =
            match d.Severity with
            | FSharpDiagnosticSeverity.Error -> "error"
            | FSharpDiagnosticSeverity.Warning -> "warning"
            | FSharpDiagnosticSeverity.Info -> "info"
            | _ -> "hidden"
        $"(line %d{d.StartLine}, column %d{d.StartColumn + 1}) %s{severity} %s{d.ErrorNumberText}: %s{d.Message}"

    let isError (d: FSharpDiagnostic) = d.Severity = FSharpDiagnosticSeverity.Error

    /// A cell that did not compile: every error diagnostic, the first one as the short value.
    let compilationError (diagnostics: FSharpDiagnostic[]) =
        let errors = diagnostics |> Array.filter isError |> Array.map describe |> List.ofArray
        { EName = "CompilationError"
          EValue = List.tryHead errors |> Option.defaultValue "the cell did not compile"
          Traceback = errors }

    /// The exception user code threw, without the reflection wrappers the evaluation puts around it; the trace keeps
    /// the frames of user code and libraries and drops the compiler's own evaluation machinery.
    let rec private unwrap (e: exn) =
        match e with
        | :? TargetInvocationException as t when not (isNull t.InnerException) -> unwrap t.InnerException
        | :? AggregateException as a when a.InnerExceptions.Count = 1 -> unwrap a.InnerExceptions[0]
        | _ -> e

    let exceptionError (thrown: exn) =
        let e = unwrap thrown
        let frames =
            (string e.StackTrace).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            |> Array.map (fun l -> l.TrimEnd())
            |> Array.filter (fun l -> not (l.Contains "FSharp.Compiler." || l.Contains "System.RuntimeMethodHandle" || l.Contains "System.Reflection."))
            |> List.ofArray
        { EName = e.GetType().FullName
          EValue = e.Message
          Traceback = $"%s{e.GetType().FullName}: %s{e.Message}" :: frames }
