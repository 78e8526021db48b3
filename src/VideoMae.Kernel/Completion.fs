namespace VideoMae.Kernel

open System
open FSharp.Compiler.Diagnostics

/// Answers for complete_request and is_complete_request, from the compiler.
[<RequireQualifiedAccess>]
module Completion =
    let private isIdentifierChar (c: char) = Char.IsLetterOrDigit c || c = '_' || c = '\'' || c = '.'

    /// The dotted identifier that ends at the cursor ("List.ma" in "xs |> List.ma|").
    let partialIdentifier (code: string) (cursor: int) =
        let cursor = min cursor code.Length
        let mutable start = cursor
        while start > 0 && isIdentifierChar code[start - 1] do start <- start - 1
        start, code.Substring(start, cursor - start)

    /// Matches for the identifier at the cursor, with the range of text (start, end) they replace: the last segment.
    let complete (host: FsiHost) (code: string) (cursor: int) =
        let start, identifier = partialIdentifier code cursor
        let lastDot = identifier.LastIndexOf '.'
        let segment = identifier.Substring(lastDot + 1)
        let matches =
            host.Session.GetCompletions identifier
            |> Seq.map (fun name -> name.Substring(name.LastIndexOf '.' + 1))
            |> Seq.filter (fun name -> name.StartsWith(segment, StringComparison.Ordinal))
            |> Seq.distinct
            |> Seq.sort
            |> List.ofSeq
        matches, start + lastDot + 1, min cursor code.Length

    /// "complete" when the code parses, "incomplete" when the parser ran out of input, "invalid" otherwise.
    let isComplete (host: FsiHost) (code: string) =
        if String.IsNullOrWhiteSpace code then "complete"
        else
            let parse, _, _ = host.Session.ParseAndCheckInteraction code
            let lines = code.TrimEnd().Split('\n')
            let lastLine, lastColumn = lines.Length, lines[lines.Length - 1].Length
            let errors = parse.Diagnostics |> Array.filter (fun d -> d.Severity = FSharpDiagnosticSeverity.Error)
            // The parser's messages for input that stops too early: an open bracket or string, or a binding or
            // block with no body yet; anything else at the very end of the text counts too.
            let ranOutOfInput (d: FSharpDiagnostic) =
                [ "Unmatched"; "End of file"; "end of input"; "Incomplete" ] |> List.exists d.Message.Contains
                || d.StartLine > lastLine
                || (d.StartLine = lastLine && d.StartColumn >= lastColumn)
            if errors.Length = 0 then "complete"
            elif Array.exists ranOutOfInput errors then "incomplete"
            else "invalid"
